"""Running demo experiments of the Département de la Gironde (social action, colleges, roads)."""

from tracker.demo.gironde_stopped import STOPPED
from tracker.demo.specs import Spec, criterion, feedback, incident, measurement, note, observation

RUNNING: tuple[Spec, ...] = (
    Spec(
        title="APA instruite en quinze jours grâce à une visite unique",
        owner="agent",
        state="scaling",
        started=190,
        days={
            "prototype": 30,
            "pilot_gate": 55,
            "pilot": 62,
            "evaluation": 150,
            "decision_gate": 160,
            "scaling": 170,
        },
        review={
            "learnings": "Sur douze visites tests, onze dossiers complets le jour même.",
            "partners": ["CCAS de Libourne", "Centre hospitalier de Libourne"],
            "budget_eur": 25000,
            "verdict": "conclusive_positive",
            "analysis": "Délai passé de 62 à 19 jours, satisfaction de 8,6 sur 10 ; l'écart "
            "à la cible de 15 jours tient aux dossiers avec tutelle.",
            "cost_eur": 21800,
            "route": "grow_structure",
            "scaling_plan": "Généraliser la visite unique aux neuf maisons du Département "
            "en 2027, avec deux évaluateurs de plus.",
        },
        planned=(35, 280),
        team=("agent2",),
        fields={
            "problem": "L'allocation personnalisée d'autonomie met en moyenne 62 jours à être "
            "accordée ; des personnes âgées rentrent d'hospitalisation sans aide.",
            "hypothesis": "Une visite unique, où l'évaluateur médico-social remplit le dossier "
            "avec la famille, ramène l'instruction à quinze jours.",
            "target_users": "Personnes de plus de 60 ans en perte d'autonomie et leurs aidants",
            "success_criteria": [
                criterion(
                    "délai moyen d'instruction de l'APA",
                    "15 jours",
                    "extraction mensuelle du logiciel d'aide sociale",
                    15,
                    "at_most",
                ),
                criterion(
                    "satisfaction des familles",
                    "au moins 8 sur 10",
                    "questionnaire après la visite",
                    8,
                    "at_least",
                ),
            ],
            "stop_criteria": ["délai supérieur à 40 jours après trois mois"],
            "territory": "Libourne",
            "theme": "social_inclusion",
            "visibility": "public",
        },
        journal=(
            note(8, "Deux évaluateurs volontaires de la maison du Département de Libourne."),
            measurement(65, "délai moyen d'instruction de l'APA", 31),
            feedback(80, "Une fille d'usagère : « tout a été réglé en une fois, enfin. »"),
            measurement(125, "délai moyen d'instruction de l'APA", 19),
            incident(140, "Panne du logiciel de tarification, dix dossiers bloqués une semaine."),
            measurement(145, "satisfaction des familles", 8.6, by="agent2"),
        ),
    ),
    Spec(
        title="Orientation des allocataires du RSA en moins d'un mois",
        owner="agent2",
        state="pilot",
        started=130,
        days={"prototype": 25, "pilot_gate": 45, "pilot": 55},
        team=("agent",),
        review={
            "learnings": "Les sessions collectives rassurent ; le mardi matin convient.",
            "partners": ["France Travail Bordeaux", "CAF de la Gironde"],
            "budget_eur": 18000,
        },
        fields={
            "problem": "Un nouvel allocataire du RSA attend quatre mois son premier rendez-vous "
            "d'orientation et décroche.",
            "hypothesis": "Des sessions collectives d'orientation chaque semaine, dès "
            "l'ouverture du droit, font passer à 80 % les orientés en moins d'un mois.",
            "target_users": "Nouveaux allocataires du RSA de Bordeaux Métropole",
            "success_criteria": [
                criterion(
                    "allocataires orientés en moins d'un mois",
                    "au moins 80 %",
                    "tableau de bord de l'insertion",
                    80,
                    "at_least",
                )
            ],
            "stop_criteria": ["taux de présence aux sessions inférieur à 30 %"],
            "territory": "Bordeaux Métropole",
            "theme": "employment",
            "visibility": "internal",
        },
        journal=(
            observation(40, "Présence de 55 % aux sessions, meilleure le mardi matin."),
            measurement(70, "allocataires orientés en moins d'un mois", 61),
            feedback(90, "Les allocataires demandent une garde d'enfants pendant la session."),
            measurement(115, "allocataires orientés en moins d'un mois", 72, by="agent"),
        ),
    ),
    Spec(
        title="Cantine anti-gaspillage avec réservation des repas",
        owner="agent",
        state="evaluation",
        started=160,
        days={"prototype": 50, "pilot_gate": 60, "pilot": 70, "evaluation": 140},
        review={
            "learnings": "La réservation sur l'ENT est adoptée en deux semaines par les élèves.",
            "partners": ["Collège de Gujan-Mestras", "SIBA"],
            "budget_eur": 12000,
        },
        planned=(60, 330),
        fields={
            "problem": "Les collèges jettent en moyenne 120 g de nourriture par repas servi.",
            "hypothesis": "La réservation du repas la veille sur l'ENT réduit le gaspillage de "
            "30 % sans baisser la fréquentation.",
            "target_users": "Collégiens demi-pensionnaires et équipes de restauration",
            "success_criteria": [
                criterion(
                    "déchets alimentaires par repas",
                    "moins de 85 g",
                    "pesée hebdomadaire des restes",
                    85,
                    "at_most",
                ),
                criterion(
                    "fréquentation de la demi-pension",
                    "stable (±3 %)",
                    "nombre de repas servis",
                ),
            ],
            "stop_criteria": ["fréquentation en baisse de plus de 10 %"],
            "territory": "Bassin d'Arcachon",
            "theme": "ecological_transition",
            "visibility": "public",
        },
        journal=(
            measurement(45, "déchets alimentaires par repas", 118, "Pesée de référence."),
            observation(80, "Un élève sur cinq oublie de réserver la première semaine."),
            measurement(110, "déchets alimentaires par repas", 92),
            feedback(130, "Les cuisiniers préparent enfin les bonnes quantités."),
        ),
    ),
    Spec(
        title="Suivi du dossier MDPH par SMS",
        owner="agent2",
        state="draft",
        started=30,
        planned=(45, 200),
        fields={
            "problem": "La MDPH reçoit 400 appels par jour de familles qui veulent savoir où en "
            "est leur dossier.",
            "hypothesis": "Un SMS à chaque étape de l'instruction réduit les appels de 40 %.",
            "target_users": "Personnes handicapées et familles ayant un dossier en cours",
            "success_criteria": [
                criterion(
                    "appels entrants par jour",
                    "moins de 240",
                    "statistiques de la plateforme téléphonique",
                    240,
                    "at_most",
                )
            ],
            "stop_criteria": ["plus de 5 % de SMS envoyés à un mauvais numéro"],
            "territory": "Gironde",
            "theme": "digital_services",
            "visibility": "internal",
        },
        journal=(note(20, "Avis favorable du délégué à la protection des données."),),
    ),
    Spec(
        title="Consultations de PMI avancées en mairie dans le Médoc",
        owner="agent2",
        state="prototype",
        started=95,
        days={"prototype": 20},
        team=("reviewer",),
        fields={
            "problem": "Dans le nord Médoc, des nourrissons manquent les consultations de PMI "
            "faute de transport jusqu'à Lesparre.",
            "hypothesis": "Une puéricultrice en mairie une journée par mois dans quatre "
            "communes fait passer la couverture vaccinale à 95 %.",
            "target_users": "Parents de nourrissons de moins de deux ans",
            "success_criteria": [
                criterion(
                    "couverture vaccinale à 24 mois",
                    "95 %",
                    "certificats de santé du 24e mois",
                    95,
                    "at_least",
                )
            ],
            "stop_criteria": ["moins de cinq familles par permanence"],
            "territory": "Médoc",
            "theme": "health",
            "visibility": "internal",
        },
        journal=(
            observation(35, "Les familles viennent à pied ; la salle des fêtes est trop froide."),
            feedback(60, "Une mère : « je n'aurais jamais fait 40 km avec le bébé. »"),
            measurement(80, "familles par permanence", 9, by="reviewer"),
        ),
    ),
    Spec(
        title="Signalement des nids-de-poule par les usagers",
        owner="agent2",
        state="draft",
        started=12,
        fields={
            "problem": "Les nids-de-poule des routes départementales sont repérés tard, après "
            "des sinistres.",
            "hypothesis": "Un signalement photo géolocalisé accélère les réparations.",
            "territory": "Gironde",
            "theme": "citizen_participation",
            "visibility": "internal",
        },
    ),
    Spec(
        title="Plateforme de répit pour les aidants du Libournais",
        owner="agent",
        state="draft",
        started=20,
        team=("agent2",),
        fields={
            "problem": "Les aidants familiaux s'épuisent : un sur trois déclare ne jamais "
            "prendre de répit.",
            "hypothesis": "Des gardes de quelques heures réservables en ligne font prendre au "
            "moins une demi-journée de répit par mois à 60 % des aidants inscrits.",
            "target_users": "Aidants de personnes âgées dépendantes vivant à domicile",
            "success_criteria": [
                criterion(
                    "aidants prenant un répit mensuel",
                    "60 % des inscrits",
                    "réservations sur la plateforme",
                    60,
                    "at_least",
                )
            ],
            "stop_criteria": ["moins de 30 aidants inscrits après deux mois"],
            "territory": "Libourne",
            "theme": "social_inclusion",
            "visibility": "internal",
        },
    ),
)

EXPERIMENTS = (*RUNNING, *STOPPED)
