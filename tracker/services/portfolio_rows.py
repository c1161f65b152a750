"""The rows of each portfolio table: the page, its CSV files and the API share them."""

from datetime import datetime

from pydantic import BaseModel


class FunnelRow(BaseModel):
    state: str
    current: int  # experiments in this state now
    reached: int  # experiments that were in this state at some point


class OutcomeRow(BaseModel):
    year: int
    quarter: int
    scale: int = 0
    adapt: int = 0
    stop: int = 0


class StageRow(BaseModel):
    state: str
    stays: int  # completed stays in this stage
    median_days: float | None


class GateRow(BaseModel):
    board_id: int
    board: str
    pending: int
    overdue: int


class TerritoryRow(BaseModel):
    territory_id: int
    territory: str
    experiments: int


class VerdictRow(BaseModel):
    verdict: str | None  # None: a decision without a recorded verdict
    scale: int = 0
    adapt: int = 0
    stop: int = 0
    hold: int = 0


class CommonsRow(BaseModel):
    kind: str
    unit: str
    contributions: int
    quantity: float | None
    value_eur: float | None


class TrainingRow(BaseModel):
    trained: bool  # the owner had followed a training by the day the experiment was created
    experiments: int
    in_progress: int
    scaled: int  # scaling or scaled
    stopped: int


class Dashboard(BaseModel):
    """Every figure of the portfolio for one set of filters."""

    total: int
    funnel: list[FunnelRow]
    outcomes: list[OutcomeRow]
    stages: list[StageRow]
    gates: list[GateRow]
    territories: list[TerritoryRow]
    verdicts: list[VerdictRow]
    commons: list[CommonsRow]
    training: list[TrainingRow]
    # When the figures were computed, and whether the data has changed since (a stored
    # dashboard may be shown while the scheduler recomputes it: services/portfolio_snapshots).
    as_of: datetime | None = None
    up_to_date: bool = True


# The tables the page shows and /portfolio/<table>.csv serves, in page order.
TABLES = (
    "funnel",
    "outcomes",
    "stages",
    "gates",
    "territories",
    "verdicts",
    "commons",
    "training",
)
ROW_MODELS: dict[str, type[BaseModel]] = {
    "funnel": FunnelRow,
    "outcomes": OutcomeRow,
    "stages": StageRow,
    "gates": GateRow,
    "territories": TerritoryRow,
    "verdicts": VerdictRow,
    "commons": CommonsRow,
    "training": TrainingRow,
}
