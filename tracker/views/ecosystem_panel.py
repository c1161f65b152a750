"""The experiment page's section on territories, partners and the commons ledger."""

from typing import Any

from sqlmodel import Session

from tracker.forms.ecosystem import CommonsForm, ConfirmForm, PartnerLinkForm
from tracker.models import Experiment, User
from tracker.services import commons as commons_service
from tracker.services import partners as partner_service
from tracker.services import permissions
from tracker.services import territories as territory_service
from tracker.views.ecosystem_labels import ECOSYSTEM_LABELS
from workflows.experiment import TERMINAL


def ecosystem_panel(
    session: Session,
    actor: User,
    experiment: Experiment,
    *,
    link_form: PartnerLinkForm | None = None,
    commons_form: CommonsForm | None = None,
) -> dict[str, Any]:
    """Territories, partners (with roles) and the ledger with its totals, and the team's forms."""
    experiment_id: int = experiment.id  # type: ignore[assignment]
    writable = permissions.is_team(session, actor, experiment) and experiment.state not in TERMINAL
    if writable and link_form is None:
        link_form = PartnerLinkForm(formdata=None)
    if link_form is not None:
        link_form.set_choices(partner_service.choices(session))
    if writable and commons_form is None:
        commons_form = CommonsForm(formdata=None)
    totals = commons_service.totals(
        session=session, by="experiment", experiment_ids=[experiment_id]
    )
    return {
        "eco_territories": territory_service.of_experiments(session, [experiment_id])[
            experiment_id
        ],
        "eco_partners": partner_service.links_of(
            session=session, actor=actor, experiment_id=experiment_id
        ),
        "eco_commons": commons_service.list_for(
            session=session, actor=actor, experiment_id=experiment_id
        ),
        "eco_totals": totals,
        "eco_value": commons_service.value_by_group(totals).get(experiment_id, 0.0),
        "eco_writable": writable,
        "eco_link_form": link_form,
        "eco_commons_form": commons_form,
        "eco_confirm_form": ConfirmForm(formdata=None),
        **ECOSYSTEM_LABELS,
    }
