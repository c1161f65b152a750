"""Demo retrospectives: stopped experiments whose retrospective is written, under review,
published (with follow-ups and an addendum), or still to write — through the services."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tracker.demo.specs import Spec
from tracker.demo.steps import Action, Run, Step
from tracker.services import retrospectives as retrospective_service

CHAIR = "reviewer"


@dataclass(frozen=True)
class Story:
    """What happens to a stopped experiment's retrospective, in days after its creation."""

    # (day, who, what): "save" with fields, or a trigger (submit, request_changes, publish),
    # or "addendum" with a text.
    steps: tuple[tuple[int, str, str], ...]
    fields: dict[str, Any] = field(default_factory=dict)
    # Fields sent again with the second save (after a chair asked for changes).
    revised: dict[str, Any] = field(default_factory=dict)
    # (title, owner person key, days after creation it is due, status)
    follow_ups: tuple[tuple[str, str, int, str], ...] = ()
    addendum: str = ""


SNOW_MAP = Story(
    steps=(
        (118, "", "save"),
        (126, "", "submit"),
        (131, CHAIR, "request_changes"),
        (136, "", "save"),
        (138, "", "submit"),
        (143, CHAIR, "publish"),
        (185, "", "addendum"),
    ),
    fields={
        "what_we_tried": "Une carte en ligne où les agents des routes et les transporteurs "
        "scolaires signalent l'état des routes enneigées, pour les familles et les "
        "transporteurs du plateau de l'Aubrac.",
        "what_happened": "Les signalements se sont concentrés sur les trois premiers jours de "
        "neige, puis ont cessé ; les familles ont continué d'appeler la mairie.",
        "why": "Le réseau mobile manque sur la moitié des routes concernées ; les agents "
        "n'avaient pas de temps prévu pour signaler pendant le déneigement.",
        "cause_tags": ["resources", "user_adoption"],
        "what_we_learned": "Un outil de signalement ne vit que si le signalement fait partie "
        "du travail prévu, et là où le réseau passe.",
        "decided_by": "team",
    },
    revised={
        "do_differently": "Commencer par un signalement au retour au dépôt, sans réseau, "
        "intégré au bon de déneigement.",
        "advice": "Mesurez la couverture mobile des routes avant de concevoir un outil de terrain.",
        "reusable_assets": "Fond de carte des routes départementales ; liste des "
        "transporteurs scolaires.",
        "cost_eur": 8400,
        "agent_days": 35,
    },
    follow_ups=(
        ("Partager la carte de couverture mobile avec la DDT", "agent2", 160, "done"),
        ("Proposer le signalement au dépôt pour l'hiver prochain", "agent", 240, "open"),
        ("Relancer l'éditeur pour l'export des données", "admin", 150, "not_doing"),
    ),
    addendum="La DDT a repris la carte de couverture mobile pour son schéma "
    "d'aménagement numérique.",
)

SEASONAL_KIT = Story(
    steps=((158, "", "save"), (166, "", "submit")),
    fields={
        "what_we_tried": "Un kit d'accueil (logement, transport, droits) remis aux "
        "saisonniers agricoles à leur arrivée.",
        "what_happened": "Soixante kits distribués sur deux cents prévus avant l'arrêt des "
        "crédits.",
        "why": "La ligne budgétaire a été supprimée en cours d'année ; les exploitants ne "
        "relayaient le kit qu'à l'embauche, trop tard pour le logement.",
        "cause_tags": ["resources", "timing", "partners"],
        "what_we_learned": "Le moment utile est la promesse d'embauche, pas l'arrivée.",
        "decided_by": "external",
        "cost_eur": 5200,
        "agent_days": 22,
    },
    follow_ups=(("Transmettre le kit à la chambre d'agriculture", "agent", 200, "open"),),
)

MEDIATOR = Story(
    steps=((140, "", "save"),),
    fields={
        "what_we_tried": "Une permanence de médiation numérique dans deux brigades de gendarmerie.",
        "what_happened": "Les premières permanences ont eu lieu, puis les locaux ont manqué.",
        "cause_tags": ["resources"],
    },
)

FERRY_TICKETS = Story(
    steps=((150, "", "save"), (158, "", "submit"), (165, CHAIR, "publish")),
    fields={
        "what_we_tried": "Des billets sur téléphone pour le bac Blaye–Lamarque, pour les "
        "passagers de l'été.",
        "what_happened": "Le prototype fonctionnait à Blaye mais pas à Lamarque ; le devis de "
        "maintenance a dépassé trois fois la recette attendue.",
        "why": "Pas de réseau mobile sur l'embarcadère ; une billetterie propriétaire coûteuse "
        "à maintenir pour un service saisonnier.",
        "cause_tags": ["method", "resources"],
        "what_we_learned": "Vérifier sur place la couverture réseau et chiffrer la "
        "maintenance avant le prototype.",
        "advice": "Regardez d'abord les billetteries mutualisées des réseaux de transport.",
        "decided_by": "team",
        "cost_eur": 12000,
        "agent_days": 28,
    },
    follow_ups=(("Interroger le syndicat des mobilités sur sa billetterie", "agent", 200, "open"),),
)

STORIES: dict[str, Story] = {
    "Carte partagée des routes enneigées": SNOW_MAP,
    "Kit d'accueil des saisonniers agricoles": SEASONAL_KIT,
    "Médiateur numérique en brigade de gendarmerie": MEDIATOR,
    "Billets dématérialisés pour le bac Blaye–Lamarque": FERRY_TICKETS,
}


def _follow_ups(run: Run, story: Story, created: datetime) -> list[dict[str, Any]]:
    return [
        {
            "title": title,
            "owner": run.people[owner].email,
            "due_on": (created + timedelta(days=day)).date(),
            "status": status,
        }
        for title, owner, day, status in story.follow_ups
    ]


def _action(story: Story, who: str, what: str, first_day: int) -> Action:
    def action(run: Run, now: datetime) -> None:
        actor = run.people[who] if who else run.owner
        session, experiment_id = run.session, run.experiment_id
        if what == "addendum":
            retrospective_service.add_addendum(
                session=session, actor=actor, experiment_id=experiment_id,
                body=story.addendum, now=now,
            )  # fmt: skip
            return
        _experiment, current = retrospective_service.get(
            session=session, actor=actor, experiment_id=experiment_id
        )
        if what == "save":
            data = dict(story.fields)
            if current.state != "due":
                data.update(story.revised)
            created = now - timedelta(days=first_day)
            data["follow_ups"] = _follow_ups(run, story, created)
            retrospective_service.save(
                session=session, actor=actor, experiment_id=experiment_id,
                version=current.version, data=data, now=now,
            )  # fmt: skip
            return
        retrospective_service.fire(
            session=session, actor=actor, experiment_id=experiment_id,
            trigger=what, version=current.version, now=now,
        )  # fmt: skip

    return action


def steps_for(spec: Spec) -> list[Step]:
    """The retrospective's steps of a stopped demo experiment (none for the others)."""
    story = STORIES.get(spec.title)
    if story is None or spec.state != "stopped":
        return []
    return [Step(day, _action(story, who, what, day)) for day, who, what in story.steps]
