"""Demo data: two organisations, their accounts and a dozen experiments each."""

from tracker.demo.accounts import DEMO_PASSWORD, GIRONDE, LOZERE
from tracker.demo.builder import CATALOGUES, REACH, Report, build

__all__ = ["CATALOGUES", "DEMO_PASSWORD", "GIRONDE", "LOZERE", "REACH", "Report", "build"]
