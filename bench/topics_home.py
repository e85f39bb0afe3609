"""Topics from home (politics, economy, culture, sport, society): their archives and templates."""

from __future__ import annotations

from bench.lexicon import Topic
from bench.topics_abroad import MIDEAST, WAR, WORLD

# fmt: off
POLITICS = Topic(
    "politique", 15,
    (("Politique", 0.95),),
    ("Assemblée nationale", "gouvernement", "élections", "Emmanuel Macron", "retraites", "budget"),
    {
        "kicker": ("Politique", "Assemblée", "Gouvernement", "Exclusif", "Sondage", "Budget"),
        "actor": (
            "le président {@macron}", "{@macron}", "le Premier ministre {@bayrou}",
            "{@lepen}", "{@bardella}", "{@melenchon}", "{@attal}", "{@philippe}",
            "l’ancienne Première ministre {@borne}", "{@barnier}", "le gouvernement",
            "l’opposition", "les députés",
        ),
        "place": ("l’Assemblée nationale", "le Sénat", "l’Élysée", "Matignon", "{@paris}"),
        "title": (
            "{kicker} : {actor} {verb_present} {object}",
            "{kicker} : {actor} {verb_present} {object}",
            "{actor} {verb_present} {object}",
            "Budget : {actor} {verb_present} {object}",
            "Réforme des retraites : {event}",
            "{place} : {event}",
            "Motion de censure : {actor} {verb_present} {object}",
        ),
        "verb_present": ("défend", "rejette", "annonce", "dénonce", "présente", "promet"),
        "object": (
            "une motion de censure", "le projet de loi de finances", "un remaniement",
            "la réforme des retraites", "une dissolution", "un référendum",
            "le recours au 49.3", "une hausse du smic",
        ),
        "event": (
            "le texte adopté de justesse", "les débats s’enlisent", "le gouvernement menacé",
            "la majorité divisée", "un vote solennel reporté",
        ),
        "lead": (
            "{actor} a annoncé{W} {object}, {selon}",
            "Les députés ont adopté{W} {object} par {n:180-320} voix",
            "{actor} a défendu{W} {object} devant {place}",
        ),
        "sentence": (
            "L’opposition a immédiatement dénoncé un passage en force",
            "Le texte doit maintenant être examiné par le Sénat",
            "Les syndicats appellent à une nouvelle journée de mobilisation",
            "Le gouvernement ne dispose que d’une majorité relative",
            "{@lepen} a promis de déposer une motion de censure",
        ),
        "heading": ("Une majorité introuvable", "La colère des syndicats", "Le calendrier"),
        "bullet": ("la hausse des impôts", "le gel des pensions", "les économies de dépenses"),
        "quote": ("Nous ne voterons pas ce budget", "Le pays a besoin de stabilité"),
    },
)

ECONOMY = Topic(
    "economie", 13,
    (("Économie", 0.95),),
    ("inflation", "énergie", "BCE", "emploi", "sanctions", "budget"),
    {
        "kicker": ("Conjoncture", "Énergie", "Marchés", "Emploi", "Pouvoir d’achat", "Budget"),
        "actor": (
            "{@bce}", "la présidente de la BCE {@lagarde}", "{@fmi}", "{@fed}",
            "le président de la Fed {@powell}", "le ministre de l’Économie", "{@edf}",
            "l’Insee", "Bercy",
        ),
        "place": ("{@paris}", "Francfort", "{@washington}", "la zone euro"),
        "title": (
            "{kicker} : {actor} {verb_present} {object}",
            "{kicker} : {actor} {verb_present} {object}",
            "{actor} {verb_present} {object}",
            "Inflation : {event}",
            "Énergie : {actor} {verb_present} {object}",
            "Croissance : {event}",
        ),
        "verb_present": ("relève", "abaisse", "maintient", "prévoit", "annonce", "révise"),
        "object": (
            "ses taux directeurs", "ses prévisions de croissance", "les prix de l’électricité",
            "un plan d’économies", "le déficit public", "les tarifs du gaz",
        ),
        "event": (
            "les prix reculent de {n:1-3},{n:1-9} %", "le chômage repart à la hausse",
            "l’activité ralentit au troisième trimestre", "les marchés saluent la décision",
        ),
        "lead": (
            "{actor} a annoncé{W} {object}, {selon}",
            "L’inflation a atteint {n:1-6},{n:1-9} % sur un an{W}, {selon}",
            "{actor} a relevé{W} {object}",
        ),
        "sentence": (
            "Les ménages restent prudents face à la hausse des prix",
            "Le déficit public dépasse {n:4-6},{n:1-9} % du PIB",
            "Les économistes anticipent un ralentissement de la croissance",
            "Les prix de l’énergie pèsent sur les entreprises",
            "Les sanctions ont réduit les exportations russes de {n:10-40} %",
        ),
        "heading": ("Des ménages prudents", "Le poids de l’énergie", "Les perspectives"),
        "bullet": ("l’alimentation", "l’énergie", "les services", "les loyers"),
        "quote": ("La désinflation est en bonne voie", "Nous resterons vigilants"),
    },
)

CULTURE = Topic(
    "culture", 9,
    (("Culture", 0.95),),
    ("cinéma", "Festival de Cannes", "musique", "livres", "patrimoine", "séries"),
    {
        "kicker": ("Cinéma", "Musique", "Livres", "Exposition", "Festival", "Séries"),
        "actor": (
            "{@binoche}", "{@seydoux}", "la réalisatrice {@triet}", "{@nakamura}",
            "la romancière {@ernaux}", "le musée du Louvre", "le Festival de Cannes",
            "la Comédie-Française",
        ),
        "place": ("Cannes", "{@paris}", "Avignon", "{@lyon}", "Angoulême"),
        "title": (
            "{kicker} : {actor} {verb_present} {object}",
            "{kicker} : {actor} {verb_present} {object}",
            "{actor} {verb_present} {object}",
            "Cinéma : {event}",
            "{place} : {event}",
        ),
        "verb_present": ("présente", "dévoile", "reçoit", "annonce", "célèbre"),
        "object": (
            "son nouveau film", "un prix d’honneur", "une exposition événement",
            "son premier roman", "une tournée des stades", "la sélection officielle",
        ),
        "event": (
            "le film fait un carton en salles", "le festival bat un record de fréquentation",
            "une œuvre volée retrouvée", "le palmarès dévoilé",
        ),
        "lead": (
            "{actor} a présenté{W} {object} devant un public conquis",
            "{actor} a dévoilé{W} {object}, {selon}",
        ),
        "sentence": (
            "Le public a réservé une longue ovation à l’équipe du film",
            "Plus de {n:100-900} 000 spectateurs ont déjà vu le film",
            "Les critiques saluent une œuvre audacieuse",
            "L’exposition est ouverte jusqu’à la fin de l’année",
        ),
        "heading": ("Un succès critique", "Les coulisses", "Le palmarès"),
        "bullet": ("meilleur film", "meilleure actrice", "prix du jury"),
        "quote": ("C’est un rêve d’enfant", "Ce film parle de nous tous"),
    },
)

SPORT = Topic(
    "sport", 9,
    (("Sport", 0.95),),
    ("football", "rugby", "Jeux olympiques", "cyclisme", "tennis", "Ligue des champions"),
    {
        "kicker": ("Football", "Rugby", "Cyclisme", "Tennis", "Natation", "Basket"),
        "actor": (
            "{@mbappe}", "{@dupont}", "{@marchand}", "{@riner}", "le sélectionneur {@deschamps}",
            "{@wembanyama}", "{@pogacar}", "{@psg}", "{@om}", "le XV de France", "les Bleus",
        ),
        "place": ("le Stade de France", "Roland-Garros", "le Parc des Princes", "{@marseille}"),
        "title": (
            "{kicker} : {actor} {verb_present} {object}",
            "{kicker} : {actor} {verb_present} {object}",
            "{actor} {verb_present} {object}",
            "Ligue des champions : {event}",
            "{actor} : « {quote_short} »",
            "Tour de France : {event}",
        ),
        "verb_present": ("remporte", "décroche", "s’offre", "manque", "vise", "prolonge"),
        "object": (
            "la médaille d’or", "un nouveau titre", "la victoire finale", "son contrat",
            "un record du monde", "la qualification",
        ),
        "event": (
            "le {@psg} s’impose {n:1-5}-{n:0-3}", "l’{@om} chute à domicile",
            "une étape de montagne décisive", "les Bleus qualifiés",
        ),
        "lead": (
            "{actor} a remporté{W} {object} devant {n:20-80} 000 spectateurs",
            "{actor} a signé{W} {object}, {selon}",
        ),
        "sentence": (
            "Le match a basculé en seconde période",
            "L’entraîneur a salué l’état d’esprit de son équipe",
            "Les supporters ont envahi les rues après le coup de sifflet final",
            "La prochaine rencontre aura lieu au {place}",
        ),
        "heading": ("Le film du match", "Les réactions", "La suite de la saison"),
        "bullet": ("victoire", "match nul", "défaite"),
        "quote": ("On a montré un gros caractère", "Le plus dur reste à faire"),
    },
)

SOCIETY = Topic(
    "societe", 7,
    (("Société", 0.95),),
    ("climat", "santé", "éducation", "justice", "canicule", "logement"),
    {
        "kicker": ("Société", "Santé", "Justice", "Éducation", "Météo", "Logement"),
        "actor": (
            "le ministère de la Santé", "Météo-France", "le tribunal correctionnel de {@paris}",
            "les enseignants", "{@sncf}", "la mairie de {@lyon}", "les associations",
        ),
        "place": ("{@paris}", "{@marseille}", "{@lyon}", "Lille", "Toulouse", "Bordeaux", "Nantes"),
        "title": (
            "{kicker} : {actor} {verb_present} {object}",
            "{kicker} : {actor} {verb_present} {object}",
            "{actor} {verb_present} {object}",
            "Canicule : {event}",
            "{place} : {event}",
        ),
        "verb_present": ("alerte sur", "annonce", "dénonce", "lance", "prolonge"),
        "object": (
            "une vigilance orange", "une grève reconductible", "un plan contre la précarité",
            "la fermeture de plusieurs écoles", "une hausse des loyers",
        ),
        "event": (
            "des températures records attendues", "le procès s’ouvre", "les urgences saturées",
            "le trafic perturbé",
        ),
        "lead": (
            "{actor} a annoncé{W} {object}, {selon}",
            "{actor} a placé{W} {n:3-40} départements en vigilance",
        ),
        "sentence": (
            "Les habitants sont invités à limiter leurs déplacements",
            "Les associations dénoncent un manque de moyens",
            "Le procès doit durer {n:2-6} semaines",
            "La situation devrait s’améliorer en fin de semaine",
        ),
        "heading": ("Les mesures prévues", "La colère des habitants", "Et maintenant ?"),
        "bullet": ("boire régulièrement", "éviter les efforts", "fermer les volets"),
        "quote": ("Nous sommes à bout", "Il faut agir maintenant"),
    },
)
# fmt: on

TOPICS: tuple[Topic, ...] = (WAR, MIDEAST, WORLD, POLITICS, ECONOMY, CULTURE, SPORT, SOCIETY)
