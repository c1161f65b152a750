"""Stopped demo experiments of the Département de la Gironde, from draft and prototype."""

from tracker.demo.specs import Spec, criterion, feedback, incident, measurement, note

STOPPED: tuple[Spec, ...] = (
    Spec(
        title="Billets dématérialisés pour le bac Blaye–Lamarque",
        owner="agent",
        state="stopped",
        started=235,
        days={"prototype": 35, "stopped": 140},
        stopped_from="prototype",
        stop_reason="cost",
        stop_explanation="La maintenance de la billetterie coûterait 90 000 € par an, trois "
        "fois la recette attendue.",
        fields={
            "problem": "Les files d'attente au guichet du bac retardent les départs en été.",
            "hypothesis": "Un billet sur téléphone supprime l'attente au guichet.",
            "target_users": "Passagers du bac, touristes et travailleurs frontaliers de l'estuaire",
            "success_criteria": [
                criterion(
                    "départs à l'heure",
                    "au moins 95 %",
                    "journal de bord du bac",
                    95,
                    "at_least",
                )
            ],
            "stop_criteria": ["coût annuel supérieur à la recette des billets"],
            "territory": "Blaye",
            "theme": "mobility",
            "visibility": "internal",
        },
        journal=(
            measurement(70, "départs à l'heure", 88),
            incident(90, "Pas de réseau mobile sur l'embarcadère de Lamarque."),
            note(130, "Devis de maintenance reçu."),
        ),
    ),
    Spec(
        title="Covoiturage domicile-collège pour les agents",
        owner="admin",
        state="stopped",
        started=170,
        days={"stopped": 60},
        stop_reason="owner_left",
        stop_explanation="La cheffe de projet a rejoint la Région ; personne ne reprend le "
        "sujet avant la rentrée prochaine.",
        fields={
            "problem": "Les agents techniques des collèges font de longs trajets seuls en voiture.",
            "hypothesis": "Une application de covoiturage réservée aux agents fait covoiturer "
            "un agent sur cinq.",
            "target_users": "Agents techniques territoriaux des collèges",
            "territory": "Entre-deux-Mers",
            "theme": "mobility",
            "visibility": "internal",
        },
    ),
    Spec(
        title="Budget participatif des collégiens",
        owner="agent",
        state="stopped",
        started=220,
        days={"prototype": 40, "stopped": 120},
        stopped_from="prototype",
        stop_reason="political",
        stop_explanation="La nouvelle majorité départementale a choisi de porter un budget "
        "participatif départemental unique, tous publics confondus.",
        fields={
            "problem": "Les collégiens ne sont jamais consultés sur l'aménagement de leur "
            "établissement.",
            "hypothesis": "Un budget de 10 000 € par collège décidé par les élèves fait voter "
            "plus de la moitié d'entre eux.",
            "target_users": "Collégiens et conseils de vie collégienne",
            "success_criteria": [
                criterion(
                    "participation au vote",
                    "au moins 50 % des élèves",
                    "listes d'émargement",
                    50,
                    "at_least",
                )
            ],
            "stop_criteria": ["moins de 20 % de votants"],
            "territory": "Langon",
            "theme": "citizen_participation",
            "visibility": "public",
        },
        journal=(
            measurement(90, "participation au vote", 64),
            feedback(95, "Projet lauréat : un abri à vélos couvert."),
        ),
    ),
    Spec(
        title="Clause d'insertion sur l'entretien des digues",
        owner="agent2",
        state="stopped",
        started=200,
        days={"prototype": 45, "stopped": 100},
        stopped_from="prototype",
        stop_reason="legal",
        stop_explanation="Le service juridique estime que la clause ne peut pas s'appliquer "
        "au marché en cours sans le relancer ; reprise au prochain marché.",
        fields={
            "problem": "Les chantiers d'insertion manquent de supports techniques qualifiants.",
            "hypothesis": "Réserver 10 % des heures d'entretien des digues à des personnes en "
            "insertion mène 40 % d'entre elles à un emploi durable.",
            "target_users": "Allocataires du RSA en parcours d'insertion",
            "success_criteria": [
                criterion(
                    "sorties vers l'emploi durable",
                    "40 %",
                    "suivi à six mois des participants",
                    40,
                    "at_least",
                )
            ],
            "stop_criteria": ["la clause est jugée irrégulière"],
            "territory": "Estuaire de la Gironde",
            "theme": "employment",
            "visibility": "internal",
        },
        journal=(incident(80, "Recours d'une entreprise attributaire contre l'avenant."),),
    ),
    Spec(
        title="Accueil téléphonique unique du Département",
        owner="admin",
        state="stopped",
        started=110,
        days={"stopped": 35},
        stop_reason="other",
        stop_explanation="Fusionné avec le projet régional de numéro unique des services "
        "publics, qui reprend notre diagnostic.",
        fields={
            "problem": "Les usagers composent en moyenne trois numéros avant de joindre le bon "
            "service.",
            "hypothesis": "Un numéro unique avec pré-qualification règle 70 % des demandes au "
            "premier appel.",
            "target_users": "Tous les usagers des services départementaux",
            "territory": "Gironde",
            "theme": "public_administration",
            "visibility": "internal",
        },
        journal=(note(20, "Rencontre avec l'équipe régionale du numéro unique."),),
    ),
)
