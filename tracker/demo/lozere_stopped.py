"""Stopped demo experiments of the Préfecture de la Lozère, from draft and prototype."""

from tracker.demo.specs import Spec, criterion, feedback, incident, measurement, note, observation

STOPPED: tuple[Spec, ...] = (
    Spec(
        title="Médiateur numérique en brigade de gendarmerie",
        owner="agent",
        state="stopped",
        started=230,
        days={"prototype": 40, "stopped": 130},
        stopped_from="prototype",
        stop_reason="constraints",
        stop_explanation="Les brigades n'ont pas pu libérer de local ni d'agent d'accueil les "
        "jours de permanence ; les usagers ont été réorientés vers France Services.",
        fields={
            "problem": "Les victimes de cyber-escroqueries ne savent pas porter plainte en "
            "ligne et se déplacent en brigade.",
            "hypothesis": "Un médiateur numérique présent en brigade deux jours par semaine "
            "aide à déposer plainte en ligne en moins de trente minutes.",
            "target_users": "Victimes d'escroqueries en ligne, souvent âgées",
            "success_criteria": [
                criterion(
                    "plaintes en ligne déposées avec aide",
                    "au moins 40 par mois",
                    "registre du médiateur",
                    40,
                    "at_least",
                )
            ],
            "stop_criteria": ["la brigade ne peut pas accueillir le médiateur"],
            "territory": "Langogne",
            "theme": "security_justice",
            "visibility": "internal",
        },
        journal=(
            observation(60, "Deux permanences sur trois annulées faute de local disponible."),
            incident(100, "Départ de l'agent d'accueil de la brigade, non remplacé."),
            measurement(120, "plaintes en ligne déposées avec aide", 9),
        ),
    ),
    Spec(
        title="Rappel par SMS des échéances de cartes grises professionnelles",
        owner="agent2",
        state="stopped",
        started=180,
        days={"stopped": 28},
        stop_reason="existing_solution",
        stop_explanation="L'ANTS envoie déjà ces rappels depuis septembre ; il suffit de le "
        "faire savoir aux garages.",
        fields={
            "problem": "Les garagistes oublient de renouveler leur certificat W garage.",
            "hypothesis": "Un SMS un mois avant l'échéance évite les retards.",
            "target_users": "Professionnels de l'automobile",
            "territory": "Lozère",
            "theme": "digital_services",
            "visibility": "internal",
        },
        journal=(note(14, "L'ANTS nous signale un service équivalent déjà en place."),),
    ),
    Spec(
        title="Carte partagée des routes enneigées",
        owner="agent2",
        state="stopped",
        started=200,
        days={"prototype": 15, "stopped": 110},
        stopped_from="prototype",
        stop_reason="no_impact",
        stop_explanation="Les appels au standard ne baissent pas : les usagers continuent "
        "d'appeler la gendarmerie plutôt que de consulter la carte.",
        fields={
            "problem": "Pendant les épisodes neigeux, le standard de la préfecture est saturé "
            "d'appels sur l'état des routes.",
            "hypothesis": "Une carte publique mise à jour par les services des routes réduit "
            "d'un tiers les appels.",
            "target_users": "Automobilistes et transporteurs traversant la Margeride",
            "success_criteria": [
                criterion(
                    "appels au standard par jour de neige",
                    "moins de 80",
                    "compteur du standard",
                    80,
                    "at_most",
                )
            ],
            "stop_criteria": ["aucune baisse des appels sur deux épisodes neigeux"],
            "territory": "Margeride",
            "theme": "mobility",
            "visibility": "public",
        },
        journal=(
            measurement(60, "appels au standard par jour de neige", 131),
            observation(75, "La carte est peu consultée en dehors des heures de bureau."),
            measurement(100, "appels au standard par jour de neige", 124),
        ),
    ),
    Spec(
        title="Kit d'accueil des saisonniers agricoles",
        owner="agent",
        state="stopped",
        started=240,
        days={"prototype": 30, "stopped": 150},
        stopped_from="prototype",
        stop_reason="budget_cut",
        stop_explanation="Le crédit d'intervention prévu pour l'impression et la traduction "
        "a été annulé en loi de finances rectificative.",
        fields={
            "problem": "Les saisonniers ignorent leurs droits (logement, santé) et les "
            "employeurs appellent la préfecture en urgence.",
            "hypothesis": "Un kit traduit en cinq langues, remis à l'embauche, divise par deux "
            "les appels d'urgence.",
            "target_users": "Travailleurs saisonniers agricoles et leurs employeurs",
            "success_criteria": [
                criterion(
                    "appels d'urgence des employeurs",
                    "moitié moins que la saison précédente",
                    "main courante",
                )
            ],
            "stop_criteria": ["moins de 20 exploitations participantes"],
            "territory": "Vallée du Lot",
            "theme": "agriculture_food",
            "visibility": "internal",
        },
        journal=(
            feedback(70, "Les employeurs trouvent le kit utile mais trop long."),
            measurement(100, "exploitations participantes", 34),
            note(140, "Annonce de l'annulation des crédits."),
        ),
    ),
)
