"""Demo experiments whose story is told by their gate reviews (see tracker.demo.gate_paths)."""

from typing import Any

from tracker.demo.specs import Spec, criterion, feedback, measurement, note, observation


def _fields(
    problem: str,
    hypothesis: str,
    users: str,
    criteria: list,
    stops: list,
    territory: str,
    *,
    theme: str,
) -> dict[str, Any]:
    return {
        "problem": problem,
        "hypothesis": hypothesis,
        "target_users": users,
        "success_criteria": criteria,
        "stop_criteria": stops,
        "territory": territory,
        "theme": theme,
        "visibility": "internal",
    }


LOZERE: tuple[Spec, ...] = (
    Spec(
        title="Permanences fiscales dans les mairies du Causse",
        owner="agent2",
        team=("agent",),
        state="stopped",
        started=140,
        days={"prototype": 20, "pilot_gate": 60, "stopped": 70},
        stop_reason="existing_solution",
        review={
            "path": "stop_at_pilot_gate",
            "learnings": "Les usagers venus aux permanences étaient déjà suivis par France "
            "Services ; le prototype a surtout doublé l'offre existante.",
            "partners": ["DDFiP de la Lozère"],
            "budget_eur": 6000,
            "rationale": "Les France Services du Causse assurent déjà cet accompagnement : "
            "un pilote ferait doublon. Le comité arrête l'expérimentation.",
        },
        fields=_fields(
            "Les habitants du Causse Méjean renoncent à leurs démarches fiscales en ligne.",
            "Une permanence mensuelle en mairie fera déclarer en ligne 60 % des foyers reçus.",
            "Foyers âgés ou sans connexion du Causse Méjean",
            [
                criterion(
                    "foyers déclarant en ligne", "au moins 60 %", "fiche de suivi", 60, "at_least"
                )
            ],
            ["moins de cinq foyers reçus par permanence"],
            "Causse Méjean",
            theme="public_administration",
        ),
        journal=(
            observation(30, "Quatre foyers reçus, tous déjà accompagnés par France Services."),
            note(50, "Point avec la DDFiP : l'offre France Services couvre le besoin."),
        ),
    ),
    Spec(
        title="Places libres du transport scolaire ouvertes aux aînés",
        owner="agent",
        state="prototype",
        started=120,
        days={
            "prototype": 15,
            "pilot_gate": 50,
            "adapted": 58,
            "pilot_gate_again": 100,
            "voted": 104,
        },  # fmt: skip
        review={
            "path": "adapt_at_pilot_gate_then_reopen",
            "learnings": "Les aînés montent volontiers, mais les horaires du matin ne leur "
            "conviennent qu'au retour du marché ; la réservation la veille est indispensable.",
            "partners": ["Région Occitanie", "Transporteur Causses Cévennes"],
            "budget_eur": 12000,
            "rationale": "L'idée tient, mais la réservation par téléphone ne fonctionne pas "
            "encore : le comité demande une seconde itération du prototype.",
            "changes": "Réservation par la mairie la veille ; seulement les lignes du jeudi.",
            "comment": "La seconde itération répond aux réserves ; favorable au pilote.",
        },
        fields=_fields(
            "Sans voiture, les aînés de la vallée du Lot ne peuvent pas aller au marché.",
            "Ouvrir les places libres des cars scolaires fera monter dix aînés par semaine.",
            "Personnes de plus de 70 ans sans voiture de la vallée du Lot",
            [criterion("aînés transportés par semaine", "au moins 10", "registre", 10, "at_least")],
            ["un incident de sécurité à bord"],
            "Vallée du Lot",
            theme="mobility",
        ),
        journal=(
            feedback(40, "« Le car du matin, c'est trop tôt, mais le retour de midi est idéal. »"),
            measurement(90, "aînés transportés par semaine", 7, "Seconde itération, jeudis."),
        ),
    ),
    Spec(
        title="Téléconsultation vétérinaire pour les élevages isolés",
        owner="agent2",
        state="pilot",
        started=200,
        days={
            "prototype": 20,
            "pilot_gate": 40,
            "pilot": 48,
            "evaluation": 140,
            "decision_gate": 145,
            "adapted": 155,
        },  # fmt: skip
        review={
            "path": "adapt_at_decision_gate",
            "learnings": "Les éleveurs acceptent la visio si le technicien du GDS est présent.",
            "partners": ["GDS de la Lozère", "Chambre d'agriculture"],
            "budget_eur": 20000,
            "go": "Prototype utile et partenaires engagés : pilote sur le Haut-Gévaudan.",
            "verdict": "inconclusive",
            "analysis": "Délai d'intervention réduit de moitié, mais seulement 14 élevages "
            "suivis : trop peu pour conclure.",
            "cost_eur": 17800,
            "rationale": "Résultats encourageants mais trop peu d'élevages : prolonger le "
            "pilote avec un second canton.",
            "changes": "Ajouter le canton de Saint-Chély et un second technicien.",
            "restart_at": "pilot",
        },
        fields=_fields(
            "Les éleveurs isolés attendent plus de deux jours une visite vétérinaire.",
            "Une téléconsultation avec le technicien sur place ramènera ce délai sous 24 h.",
            "Éleveurs bovins et ovins du Haut-Gévaudan",
            [
                criterion(
                    "délai d'intervention en heures", "moins de 24 h", "registre GDS", 24, "at_most"
                )
            ],  # fmt: skip
            ["moins de dix élevages inscrits après deux mois"],
            "Haut-Gévaudan",
            theme="agriculture_food",
        ),
        journal=(
            measurement(100, "délai d'intervention en heures", 30, by="agent2"),
            measurement(135, "délai d'intervention en heures", 22, "Quatorze élevages suivis."),
        ),
    ),
)

GIRONDE: tuple[Spec, ...] = (
    Spec(
        title="Chèque mobilité pour les jeunes en insertion",
        owner="agent2",
        team=("agent",),
        state="stopped",
        started=210,
        days={
            "prototype": 25,
            "pilot_gate": 45,
            "pilot": 52,
            "evaluation": 150,
            "decision_gate": 155,
            "stopped": 165,
        },  # fmt: skip
        stop_reason="no_impact",
        review={
            "path": "stop_at_decision_gate",
            "learnings": "Les jeunes utilisent le chèque, surtout pour le permis AM.",
            "partners": ["Mission locale du Libournais"],
            "budget_eur": 30000,
            "go": "Prototype simple à gérer : pilote sur le Libournais.",
            "verdict": "conclusive_negative",
            "analysis": "Taux d'accès à l'emploi identique à celui du groupe témoin (31 % "
            "contre 30 %) : le chèque ne lève pas le frein principal.",
            "cost_eur": 27400,
            "rationale": "Preuve négative nette : le comité arrête et réoriente le budget "
            "vers l'accompagnement au permis.",
        },
        fields=_fields(
            "Faute de moyen de transport, des jeunes du Libournais refusent des offres.",
            "Un chèque mobilité de 300 € portera l'accès à l'emploi de 30 % à 40 %.",
            "Jeunes de 18 à 25 ans suivis par la mission locale",
            [
                criterion(
                    "accès à l'emploi à six mois",
                    "au moins 40 %",
                    "suivi mission locale",
                    40,
                    "at_least",
                )
            ],  # fmt: skip
            ["aucun écart avec le groupe témoin à six mois"],
            "Libournais",
            theme="employment",
        ),
        journal=(
            measurement(120, "accès à l'emploi à six mois", 29),
            measurement(148, "accès à l'emploi à six mois", 31, "Groupe témoin : 30 %."),
        ),
    ),
    Spec(
        title="Aide à domicile mutualisée entre voisins",
        owner="agent",
        state="evaluation",
        started=185,
        days={
            "prototype": 20,
            "pilot_gate": 40,
            "held": 48,
            "pilot_gate_again": 70,
            "pilot": 78,
            "conditions_met": 90,
            "evaluation": 160,
            "decision_gate": 165,
            "voted": 170,
        },  # fmt: skip
        review={
            "path": "hold_then_conditional_go",
            "learnings": "Trois voisins par tournée suffisent ; les familles apprécient.",
            "partners": ["CCAS de Lesparre-Médoc", "ADMR Médoc"],
            "budget_eur": 25000,
            "hold": "Le conventionnement avec l'ADMR n'est pas signé : le comité revoit le "
            "dossier à la prochaine séance.",
            "go": "Plan de pilote solide ; go sous réserve de la convention signée.",
            "conditions": ["Convention signée avec l'ADMR Médoc"],
            "verdict": "conclusive_positive",
            "analysis": "Heures d'aide par bénéficiaire passées de 6 à 9 par mois à coût "
            "constant ; aucune rupture de prise en charge.",
            "cost_eur": 23100,
            "comment": "Résultats probants, favorable à l'essaimage.",
        },
        fields=_fields(
            "Dans le Médoc, les aides à domicile passent plus de temps sur la route qu'auprès "
            "des personnes aidées.",
            "Des tournées mutualisées entre voisins porteront l'aide à 9 heures par mois.",
            "Personnes âgées bénéficiaires de l'APA dans le Nord-Médoc",
            [
                criterion(
                    "heures d'aide par bénéficiaire",
                    "au moins 9 par mois",
                    "planning",
                    9,
                    "at_least",
                )
            ],  # fmt: skip
            ["une rupture de prise en charge"],
            "Nord-Médoc",
            theme="social_inclusion",
        ),
        journal=(
            measurement(130, "heures d'aide par bénéficiaire", 8),
            measurement(158, "heures d'aide par bénéficiaire", 9),
        ),
    ),
    Spec(
        title="Covoiturage des collégiens internes le vendredi",
        owner="agent2",
        state="prototype",
        started=170,
        days={
            "prototype": 15,
            "pilot_gate": 35,
            "pilot": 42,
            "evaluation": 120,
            "decision_gate": 125,
            "adapted": 135,
        },  # fmt: skip
        review={
            "path": "adapt_at_decision_gate",
            "learnings": "Les parents s'organisent via le collège si les trajets sont publiés.",
            "partners": ["Collège de Pauillac"],
            "budget_eur": 5000,
            "go": "Peu coûteux et attendu par les familles : pilote sur un collège.",
            "verdict": "not_finished",
            "analysis": "L'application de covoiturage a été retirée par son éditeur en cours "
            "de pilote : les mesures s'arrêtent au deuxième mois.",
            "cost_eur": 4200,
            "rationale": "Le besoin est confirmé mais l'outil a disparu : reprendre au "
            "prototype avec un outil public.",
            "changes": "Remplacer l'application par le service public de covoiturage.",
            "restart_at": "prototype",
        },
        fields=_fields(
            "Les internes du collège rentrent le vendredi soir sans transport public.",
            "Un covoiturage organisé par le collège couvrira 80 % des retours du vendredi.",
            "Collégiens internes et leurs familles",
            [
                criterion(
                    "retours couverts le vendredi",
                    "au moins 80 %",
                    "pointage du collège",
                    80,
                    "at_least",
                )
            ],  # fmt: skip
            ["un incident lors d'un trajet"],
            "Pauillac",
            theme="education",
        ),
        journal=(measurement(100, "retours couverts le vendredi", 55, "Deuxième mois."),),
    ),
)
