"""The demo organisations and their accounts."""

from dataclasses import dataclass

DEMO_PASSWORD = "demo-essai-2026"


@dataclass(frozen=True)
class Person:
    """A demo account; `key` is how the catalogues refer to it."""

    key: str
    email: str
    name: str
    role: str


@dataclass(frozen=True)
class Organisation:
    """A demo organisation and its people."""

    name: str
    people: tuple[Person, ...]


LOZERE = Organisation(
    "Préfecture de la Lozère",
    (
        Person("agent", "agent@lozere.demo.example", "Camille Rouvière", "agent"),
        Person("agent2", "agent2@lozere.demo.example", "Julien Pagès", "agent"),
        Person("reviewer", "reviewer@lozere.demo.example", "Élise Boyer", "reviewer"),
        Person("admin", "admin@lozere.demo.example", "Pierre Chaptal", "admin"),
    ),
)

GIRONDE = Organisation(
    "Département de la Gironde",
    (
        Person("agent", "agent@gironde.demo.example", "Nadia Benali", "agent"),
        Person("agent2", "agent2@gironde.demo.example", "Thomas Lafargue", "agent"),
        Person("reviewer", "reviewer@gironde.demo.example", "Sophie Darriet", "reviewer"),
        Person("admin", "admin@gironde.demo.example", "Marc Dufau", "admin"),
    ),
)
