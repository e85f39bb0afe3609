"""Topics from abroad (war in Ukraine, Middle East, world affairs): their archives and templates."""

from __future__ import annotations

from bench.lexicon import Topic

# fmt: off
WAR = Topic(
    "guerre", 25,
    (("Guerre Russie – Ukraine", 0.9), ("International", 0.35)),
    ("russie", "guerre en Ukraine", "OTAN", "drones", "Volodymyr Zelensky", "Vladimir Poutine"),
    {
        "kicker": ("Guerre en Ukraine", "Front de l’est", "Diplomatie", "Décryptage", "Le point", "Défense", "Reportage", "Analyse"),
        "actor": (
            "le président russe {@poutine}", "{@poutine}", "le président ukrainien {@zelensky}",
            "{@zelensky}", "le Kremlin", "le porte-parole du Kremlin {@peskov}",
            "le ministère russe de la Défense", "l’armée ukrainienne", "le général {@syrsky}",
            "le chef de la diplomatie russe {@lavrov}", "le secrétaire général de {@otan} {@rutte}",
            "l’état-major ukrainien", "le président américain {@trump}",
        ),
        "place": (
            "{@kiev}", "{@kharkiv}", "{@odessa}", "{@zaporijia}", "{@donetsk}", "{@koursk}",
            "{@soumy}", "{@kherson}", "{@moscou}", "la {@crimee}",
        ),
        "title": (
            "{kicker} : {actor} {verb_present} {object}",
            "{kicker} : {actor} {verb_present} {object}",
            "Guerre en Ukraine : {actor} {verb_present} {object}",
            "Guerre en Ukraine : {n:12-480} drones lancés contre {place} dans la nuit",
            "Guerre en Ukraine: {actor} promet de {infinitive}",
            "{place} : {event}",
            "Guerre en Ukraine : {event}, {actor} {verb_present} {object}",
            "{actor} et {@trump} vont s’entretenir au téléphone sur {object}",
            "Guerre en Ukraine : {actor} réclame « {quote_short} »",
            "Frappes sur {place} : {event}",
            "Le point sur la guerre en Ukraine : {event} et {object}",
        ),
        "verb_present": (
            "annonce", "dénonce", "rejette", "réclame", "conteste", "confirme", "défend",
            "propose", "évoque",
        ),
        "object": (
            "un cessez-le-feu sur le front de {place}", "de nouvelles livraisons d’armes",
            "la reprise des négociations", "un échange de prisonniers",
            "les sanctions contre {@moscou}", "le plan de paix américain",
            "une contre-offensive près de {place}", "l’envoi de missiles à longue portée",
            "la défense aérienne de {place}", "les garanties de sécurité",
            "un accord sur les drones", "l’adhésion de l’Ukraine à {@otan}",
        ),
        "event": (
            "une attaque de drones fait {n:2-40} blessés", "les troupes russes avancent",
            "une centrale électrique touchée", "un convoi humanitaire bloqué",
            "la ville privée de courant", "une frappe vise un dépôt de munitions",
            "des combats acharnés se poursuivent", "les évacuations s’accélèrent",
        ),
        "infinitive": (
            "poursuivre les négociations", "renforcer la défense aérienne",
            "répondre aux frappes de drones", "reprendre les territoires occupés",
            "obtenir un cessez-le-feu", "livrer davantage de munitions",
        ),
        "lead": (
            "{actor} a annoncé{W} {object_lead}",
            "{actor} a affirmé{W} que {claim}",
            "L’armée ukrainienne a indiqué{W} avoir abattu {n:12-300} drones lancés contre {place}",
            "{actor} a dénoncé{W} {object}, {selon}",
            "Des frappes russes ont visé{W} {place}, faisant {n:2-30} blessés {selon}",
        ),
        "object_lead": (
            "la signature d’un accord de production de drones",
            "un nouveau cycle de négociations directes avec {@kiev}",
            "l’envoi de systèmes de défense aérienne",
            "la suspension de certaines livraisons d’armes",
            "un échange de prisonniers de guerre",
        ),
        "claim": (
            "la Russie « ne renoncera pas à ses objectifs »",
            "{@moscou} était prêt à négocier sous conditions",
            "les forces ukrainiennes avaient stoppé l’avancée russe près de {place}",
            "aucun progrès n’avait été obtenu sur le cessez-le-feu",
            "{@usa} allaient fournir des renseignements à {@kiev}",
        ),
        "sentence": (
            "Les combats se poursuivent autour de {place}, où la situation reste tendue",
            "La défense aérienne a intercepté la plupart des drones et {n:2-9} missiles de croisière",
            "Les négociations entamées à {@istanbul} n’ont produit aucun résultat tangible",
            "Les alliés occidentaux hésitent à fournir des armes capables de frapper en Russie",
            "{@zelensky} a appelé à une augmentation du soutien militaire européen",
            "Le Kremlin n’a pas commenté ces affirmations",
            "Les sanctions visent les exportations de pétrole et de gaz de {@moscou}",
            "Des milliers de civils ont été évacués des zones proches de la ligne de front",
            "Les soldats manquent de munitions sur plusieurs secteurs du front",
            "Les ministres de {@otan} doivent se réunir à {@bruxelles}",
            "{actor} a rappelé que la guerre entrait dans une nouvelle phase",
        ),
        "heading": (
            "Intensification des attaques de drones", "Négociations au point mort",
            "Situation sur le front de l’est", "Les alliés sous pression",
            "Un soutien américain incertain", "La réponse du Kremlin",
            "Des civils en première ligne", "Vers un cessez-le-feu ?",
        ),
        "bullet": (
            "l’annexion de quatre régions ukrainiennes", "la reconnaissance de la {@crimee} russe",
            "le renoncement de l’Ukraine à {@otan}", "la levée des sanctions occidentales",
            "un échange de tous les prisonniers", "le retrait des troupes étrangères",
        ),
        "quote": (
            "Nous ne céderons pas un mètre de notre territoire",
            "Il n’y aura pas de paix sans garanties de sécurité",
            "La Russie reste ouverte au dialogue, mais à ses conditions",
            "Chaque jour de retard coûte des vies",
        ),
    },
)

MIDEAST = Topic(
    "proche-orient", 10,
    (("International", 0.95),),
    ("Israël", "Gaza", "Iran", "diplomatie"),
    {
        "kicker": ("Proche-Orient", "Gaza", "Diplomatie", "Décryptage", "Liban", "Iran"),
        "actor": (
            "le Premier ministre israélien {@netanyahou}", "{@netanyahou}", "le {@hamas}",
            "le guide suprême iranien", "le secrétaire général de {@onu}",
            "la diplomatie iranienne", "{@israel}", "le président américain {@trump}",
        ),
        "place": ("{@gaza}", "{@teheran}", "{@beyrouth}", "Rafah", "Jérusalem", "Damas"),
        "title": (
            "{kicker} : {actor} {verb_present} {object}",
            "{kicker} : {actor} {verb_present} {object}",
            "Proche-Orient : {actor} {verb_present} {object}",
            "{place} : {event}",
            "Gaza : {event}, {actor} {verb_present} {object}",
            "{actor} appelle à {infinitive}",
        ),
        "verb_present": ("annonce", "dénonce", "rejette", "exige", "accepte", "salue"),
        "object": (
            "une trêve humanitaire", "la libération des otages", "de nouvelles frappes sur {place}",
            "le programme nucléaire iranien", "l’acheminement de l’aide humanitaire",
            "un plan de reconstruction pour {@gaza}",
        ),
        "event": (
            "des frappes font {n:3-60} morts", "un convoi d’aide entre enfin",
            "les pourparlers reprennent au Caire", "des milliers de manifestants dans les rues",
        ),
        "infinitive": (
            "un cessez-le-feu immédiat", "la retenue", "une solution à deux États",
            "la protection des civils",
        ),
        "lead": (
            "{actor} a annoncé{W} {object}, {selon}",
            "{actor} a exigé{W} {object}",
            "Des frappes ont touché{W} {place}, faisant au moins {n:3-60} morts {selon}",
        ),
        "sentence": (
            "L’aide humanitaire peine à entrer dans l’enclave",
            "Les médiateurs égyptiens et qataris poursuivent leurs efforts",
            "{@onu} a alerté sur une situation humanitaire catastrophique",
            "Les familles des otages ont de nouveau manifesté à Tel-Aviv",
            "{@teheran} a démenti toute implication",
            "{@usa} ont appelé à la désescalade",
        ),
        "heading": ("Une trêve fragile", "Le rôle des médiateurs", "L’aide humanitaire bloquée"),
        "bullet": (
            "la libération des otages", "l’entrée de l’aide humanitaire", "le retrait des troupes",
        ),
        "quote": (
            "La population civile paie le prix le plus lourd",
            "Nous voulons une paix durable, pas une pause",
        ),
    },
)

WORLD = Topic(
    "monde", 12,
    (("International", 0.9),),
    ("États-Unis", "Chine", "Donald Trump", "diplomatie", "russie"),
    {
        "kicker": ("Diplomatie", "Commerce", "États-Unis", "Europe", "Chine", "Analyse"),
        "actor": (
            "le président américain {@trump}", "{@trump}", "le président chinois {@xi}",
            "la présidente de la Commission européenne {@vdl}", "{@ue}",
            "le président turc {@erdogan}", "le Premier ministre hongrois {@orban}",
            "le chancelier allemand {@merz}", "{@usa}", "l’ancien président {@biden}",
        ),
        "place": ("{@washington}", "{@pekin}", "{@bruxelles}", "Budapest", "{@berlin}", "Ankara"),
        "title": (
            "{kicker} : {actor} {verb_present} {object}",
            "{kicker} : {actor} {verb_present} {object}",
            "{actor} {verb_present} {object}",
            "Sommet de {place} : {actor} {verb_present} {object}",
            "Droits de douane : {actor} {verb_present} {object}",
            "{place} : {event}",
        ),
        "verb_present": ("annonce", "menace", "défend", "critique", "propose", "suspend"),
        "object": (
            "de nouveaux droits de douane", "un accord commercial avec {@ue}",
            "les sanctions contre la Russie", "la rencontre prévue à {place}",
            "le budget de la défense", "une taxe sur les importations chinoises",
        ),
        "event": (
            "le sommet est annulé", "les marchés s’inquiètent", "une rencontre au sommet en vue",
            "la Maison Blanche durcit le ton",
        ),
        "lead": (
            "{actor} a annoncé{W} {object}, {selon}",
            "La Maison Blanche a confirmé{W} {object}",
            "{actor} a reçu{W} son homologue à {place} pour évoquer {object}",
        ),
        "sentence": (
            "La Maison Blanche n’a pas souhaité commenter",
            "{@pekin} a promis des mesures de rétorsion",
            "{@ue} prépare une réponse coordonnée",
            "Les exportateurs européens redoutent une escalade",
            "Le Congrès doit encore se prononcer sur le texte",
        ),
        "heading": ("Une guerre commerciale ?", "La réponse de Bruxelles", "Les marchés inquiets"),
        "bullet": ("l’acier et l’aluminium", "les voitures électriques", "les produits agricoles"),
        "quote": ("Nous défendrons nos intérêts", "Personne ne gagne une guerre commerciale"),
    },
)
# fmt: on
