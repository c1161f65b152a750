"""Gironde demo experiments told by their gate reviews (paths in tracker.demo.gate_paths)."""

from tracker.demo.specs import Spec, criterion, gated_fields, measurement

GATED: tuple[Spec, ...] = (
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
        fields=gated_fields(
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
        fields=gated_fields(
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
        fields=gated_fields(
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
