"""Lozère demo experiments told by their gate reviews (paths in tracker.demo.gate_paths)."""

from tracker.demo.specs import (
    Spec,
    criterion,
    feedback,
    gated_fields,
    measurement,
    note,
    observation,
)

GATED: tuple[Spec, ...] = (
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
        fields=gated_fields(
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
        fields=gated_fields(
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
        fields=gated_fields(
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
