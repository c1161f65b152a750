"""Running demo experiments of the Préfecture de la Lozère (state services, rural)."""

from tracker.demo.lozere_stopped import STOPPED
from tracker.demo.specs import Spec, criterion, feedback, incident, measurement, note, observation

RUNNING: tuple[Spec, ...] = (
    Spec(
        title="Pré-rendez-vous en visio pour les titres de séjour",
        owner="agent",
        state="pilot",
        started=150,
        days={"prototype": 35, "pilot_gate": 85, "pilot": 92},
        review={
            "learnings": "Les usagers se connectent sans difficulté depuis les associations ; "
            "la liste des pièces vérifiée à l'écran évite la plupart des retours.",
            "partners": ["Cimade Lozère", "France Services de Marvejols"],
            "budget_eur": 8000,
            "duration_weeks": 20,
        },
        planned=(40, 220),
        team=("agent2",),
        fields={
            "problem": "Les demandeurs de titre de séjour font jusqu'à deux heures de route pour "
            "venir à Mende, et un dossier sur deux est incomplet au premier rendez-vous.",
            "hypothesis": "Un pré-rendez-vous de quinze minutes en visio, avec la liste des "
            "pièces vérifiée à l'écran, fera passer les dossiers complets au premier passage "
            "de 50 % à 80 %.",
            "target_users": "Ressortissants étrangers résidant en Lozère, accompagnés ou non "
            "par une association",
            "success_criteria": [
                criterion(
                    "dossiers complets au premier passage",
                    "au moins 80 %",
                    "relevé hebdomadaire du bureau des étrangers",
                    80,
                    "at_least",
                ),
                criterion(
                    "délai moyen de délivrance",
                    "moins de 45 jours",
                    "extraction de l'application de gestion des titres",
                    45,
                    "at_most",
                ),
            ],
            "stop_criteria": [
                "moins de 50 % de dossiers complets après trois mois",
                "plus de 30 % de pré-rendez-vous non honorés",
            ],
            "territory": "Mende",
            "theme": "digital_services",
            "visibility": "internal",
        },
        journal=(
            note(5, "Réunion de cadrage avec le bureau des étrangers et la Cimade."),
            observation(50, "Les associations réservent la moitié des créneaux pour les usagers."),
            measurement(80, "dossiers complets au premier passage", 68, "Premier mois complet."),
            feedback(95, "« J'ai su quoi apporter, je n'ai pas eu à revenir. »"),
            incident(110, "Coupure de l'outil de visio pendant deux jours, créneaux reportés."),
            measurement(130, "dossiers complets au premier passage", 76, by="agent2"),
        ),
    ),
    Spec(
        title="Bus France Services itinérant sur l'Aubrac",
        owner="agent2",
        state="scaled",
        started=210,
        days={
            "prototype": 45,
            "pilot_gate": 60,
            "pilot": 68,
            "evaluation": 165,
            "decision_gate": 170,
            "scaling": 180,
            "scaled": 205,
        },
        review={
            "learnings": "Trois tournées d'essai : la demande existe, surtout le jour du marché.",
            "partners": ["MSA Languedoc", "CAF de la Lozère", "Communauté de communes"],
            "budget_eur": 42000,
            "verdict": "conclusive_positive",
            "analysis": "286 usagers au dernier trimestre pour une cible de 300, 71 % de "
            "démarches abouties le jour même ; les publics visés sont bien ceux touchés.",
            "cost_eur": 39500,
            "route": "replication",
            "scaling_plan": "Deux bus de plus pour la Margeride et les Cévennes, financés par "
            "le fonds France Services.",
            "scaling_report": "Les trois bus circulent depuis septembre ; la tournée de "
            "l'Aubrac est reprise par la communauté de communes.",
        },
        planned=(60, 300),
        team=("agent",),
        fields={
            "problem": "Sur le plateau de l'Aubrac, la maison France Services la plus proche est "
            "à plus de quarante minutes et les personnes âgées ne s'y rendent pas.",
            "hypothesis": "Un bus aménagé qui s'arrête une demi-journée par semaine dans six "
            "villages touchera au moins 300 usagers par trimestre.",
            "target_users": "Habitants des communes de l'Aubrac, en priorité les plus de 70 ans",
            "success_criteria": [
                criterion(
                    "usagers accompagnés par trimestre",
                    "au moins 300",
                    "registre de passage du bus",
                    300,
                    "at_least",
                ),
                criterion(
                    "démarches abouties le jour même",
                    "au moins 60 %",
                    "fiche de suivi remplie par les conseillers",
                    60,
                    "at_least",
                ),
            ],
            "stop_criteria": ["moins de 100 usagers sur le premier trimestre"],
            "territory": "Aubrac",
            "theme": "public_administration",
            "visibility": "public",
        },
        journal=(
            note(10, "Convention signée avec la MSA et la CAF pour les permanences."),
            observation(70, "Le jour de marché attire deux fois plus de monde."),
            measurement(120, "usagers accompagnés par trimestre", 214),
            feedback(140, "Les mairies demandent un passage supplémentaire en hiver."),
            measurement(150, "démarches abouties le jour même", 71),
            incident(160, "Bus immobilisé par la neige à Nasbinals, tournée annulée."),
            measurement(200, "usagers accompagnés par trimestre", 286, by="agent"),
        ),
    ),
    Spec(
        title="Accompagnement au permis de conduire en mairie",
        owner="agent",
        state="draft",
        started=40,
        planned=(60, 240),
        fields={
            "problem": "Les candidats au permis se perdent dans la démarche en ligne et "
            "abandonnent avant la demande de numéro NEPH.",
            "hypothesis": "Un secrétaire de mairie formé, sur rendez-vous, divise par deux les "
            "abandons de la démarche.",
            "target_users": "Jeunes de 16 à 25 ans des communes rurales",
            "success_criteria": [
                criterion(
                    "demandes NEPH abouties",
                    "90 % des démarches commencées",
                    "suivi des rendez-vous en mairie",
                    90,
                    "at_least",
                )
            ],
            "stop_criteria": ["moins de dix rendez-vous sur les trois premiers mois"],
            "territory": "Marvejols",
            "theme": "mobility",
            "visibility": "internal",
        },
        journal=(note(12, "Trois mairies volontaires : Marvejols, Chirac et Le Monastier."),),
    ),
    Spec(
        title="Déclarations PAC simplifiées avec la DDT",
        owner="agent2",
        state="draft",
        started=25,
        fields={
            "problem": "Les exploitants font appel à un prestataire payant pour déclarer leurs "
            "surfaces, faute de comprendre le formulaire.",
            "hypothesis": "Des ateliers collectifs au printemps rendent les exploitants "
            "autonomes pour leur déclaration.",
            "territory": "Causse Méjean",
            "theme": "agriculture_food",
            "visibility": "internal",
        },
    ),
    Spec(
        title="Guichet unique des manifestations sportives",
        owner="agent",
        state="prototype",
        started=120,
        days={"prototype": 30},
        late_fields=("success_criteria", "stop_criteria"),
        completed_on=20,
        fields={
            "problem": "Un organisateur de trail doit écrire à quatre services différents et "
            "attend parfois trois mois son autorisation.",
            "hypothesis": "Un formulaire unique et un interlocuteur désigné ramènent le délai "
            "d'instruction sous six semaines.",
            "target_users": "Associations organisatrices d'épreuves sportives sur la voie publique",
            "success_criteria": [
                criterion(
                    "délai d'instruction",
                    "moins de six semaines",
                    "date de dépôt et date d'arrêté",
                    42,
                    "at_most",
                )
            ],
            "stop_criteria": ["aucune baisse du délai après vingt dossiers"],
            "territory": "Florac-Trois-Rivières",
            "theme": "culture_sport",
            "visibility": "internal",
        },
        journal=(
            note(33, "Premier dossier reçu : le trail des Cévennes."),
            measurement(75, "délai d'instruction", 38, "Moyenne sur les huit premiers dossiers."),
            feedback(90, "Les organisateurs apprécient de n'avoir qu'un seul contact."),
        ),
    ),
    Spec(
        title="Covoiturage solidaire vers les rendez-vous France Travail",
        owner="agent",
        state="evaluation",
        started=100,
        days={"prototype": 21, "pilot_gate": 30, "pilot": 38, "evaluation": 90},
        team=("agent2",),
        review={
            "learnings": "Dix conducteurs recrutés en deux semaines par le bouche-à-oreille.",
            "partners": ["France Travail Saint-Chély", "Secours catholique"],
            "budget_eur": 6000,
        },
        fields={
            "problem": "Des demandeurs d'emploi sans voiture manquent leurs rendez-vous à Mende "
            "et perdent leurs droits.",
            "hypothesis": "Un réseau de conducteurs bénévoles indemnisés réduit de moitié les "
            "rendez-vous manqués.",
            "target_users": "Demandeurs d'emploi sans véhicule du nord de la Lozère",
            "success_criteria": [
                criterion(
                    "rendez-vous manqués pour raison de transport",
                    "moins de 10 %",
                    "motifs d'absence saisis par France Travail",
                    10,
                    "at_most",
                ),
                criterion("conducteurs bénévoles actifs", "au moins 25", "fichier des inscrits"),
            ],
            "stop_criteria": ["moins de dix conducteurs inscrits après deux mois"],
            "territory": "Saint-Chély-d'Apcher",
            "theme": "employment",
            "visibility": "public",
        },
        journal=(
            measurement(40, "conducteurs bénévoles actifs", 14),
            feedback(60, "Une conductrice propose aussi les trajets vers le centre de santé."),
            measurement(85, "rendez-vous manqués pour raison de transport", 12),
        ),
    ),
    Spec(
        title="Formulaire unique de demande de subvention DETR",
        owner="admin",
        state="draft",
        started=15,
        planned=(30, 200),
        team=("agent",),
        fields={
            "problem": "Les petites communes renoncent à la DETR, rebutées par un dossier de "
            "quarante pages.",
            "hypothesis": "Un formulaire de deux pages, complété par l'instructeur au téléphone, "
            "fait déposer 30 % de dossiers en plus.",
            "target_users": "Secrétaires de mairie des communes de moins de 500 habitants",
            "success_criteria": [
                criterion(
                    "dossiers DETR déposés",
                    "+30 % par rapport à l'an dernier",
                    "comptage du bureau des collectivités",
                )
            ],
            "stop_criteria": ["le contrôle de légalité refuse le formulaire allégé"],
            "territory": "Lozère",
            "theme": "public_administration",
            "visibility": "internal",
        },
    ),
    Spec(
        title="Diagnostic de débroussaillement par drone",
        owner="agent2",
        state="draft",
        started=8,
        fields={
            "problem": "Les contrôles des obligations légales de débroussaillement ne couvrent "
            "que 5 % des parcelles concernées.",
            "territory": "Cévennes",
            "theme": "ecological_transition",
            "visibility": "internal",
        },
    ),
)

EXPERIMENTS = (*RUNNING, *STOPPED)
