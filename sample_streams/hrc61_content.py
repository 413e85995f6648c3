"""Text and cast of the fictional HRC 61 demo session (data only, no logic).

Everything here is invented: the States (Norland, Estmark, Valdoria,
Bellerive, Costa Serena, Zarechye, Wadi Noor, Lanshan, Kessaria ...), the UN
body at ``un-rights.example``, the NGOs, journalists, trolls and users.  Any
resemblance of a handle to a real account is accidental; every domain ends in
``.example``.  Threats and insults are deliberately mild and non-graphic: they
exist so that meetwatch's flag rules have something realistic to find.

``generate.py`` loads this module by path; it imports nothing.
"""

# --------------------------------------------------------------------------
# The cast.  One row per actor:
# key, display name, category, language, mastodon "user@server" or None,
# bluesky handle or None, followed by the recording account on
# mastodon.example (its "user" stream then carries the actor's posts and boosts),
# short bio (plain text).
#
# Categories: official, own (the watching delegation: Norland), civil_society,
# media, bot, troll, leaker, public.
# --------------------------------------------------------------------------

CAST = [
    # UN body (OHCHR-like) and Council
    ("unrights", "UN Rights Office", "official", "en",
     "unrights@social.un-rights.example", "un-rights.example", True,
     "Official account of the UN Rights Office, Geneva (fictional)."),
    ("hrcouncil", "Human Rights Council", "official", "en",
     "hrcouncil@social.un-rights.example", "hrcouncil.un-rights.example", True,
     "Human Rights Council secretariat: meetings, votes, documents."),
    ("hrc_pres", "President of the Human Rights Council", "official", "en",
     "hrc_president@social.un-rights.example", "hrc-president.un-rights.example", False,
     "Amb. Lucía Varga, President of the Human Rights Council for 2026."),
    ("hc", "Nadia Ferrante", "official", "en",
     "nferrante@social.un-rights.example", "ferrante.un-rights.example", True,
     "UN High Commissioner for Human Rights."),
    ("sr_valdoria", "Mariam Oduya, UN Special Rapporteur on Valdoria", "official", "en",
     "sr_valdoria@social.un-rights.example", "sr-valdoria.un-rights.example", True,
     "Special Rapporteur on the situation of human rights in the Federal Republic of Valdoria."),
    ("sr_foe", "Tomasz Wierzba, UN Special Rapporteur on freedom of expression", "official", "en",
     "sr_freeexpression@social.un-rights.example", "sr-foe.un-rights.example", False,
     "Special Rapporteur on freedom of opinion and expression."),
    ("onudroits", "ONU Droits de l'homme", "official", "fr",
     "onudroits@social.un-rights.example", "fr.un-rights.example", False,
     "Compte francophone du Bureau des droits de l'homme de l'ONU."),
    ("onuderechos", "ONU Derechos Humanos", "official", "es",
     "onuderechos@social.un-rights.example", "es.un-rights.example", False,
     "Cuenta en español de la Oficina de Derechos Humanos de la ONU."),
    ("oon_prava", "ООН по правам человека", "official", "ru",
     "oon_prava@social.un-rights.example", "ru.un-rights.example", False,
     "Русскоязычный аккаунт Управления ООН по правам человека."),
    ("unrights_ar", "الأمم المتحدة لحقوق الإنسان", "official", "ar",
     "unrights_ar@social.un-rights.example", "ar.un-rights.example", False,
     "الحساب العربي لمكتب الأمم المتحدة لحقوق الإنسان."),
    ("unrights_zh", "联合国人权办", "official", "zh",
     "unrights_zh@social.un-rights.example", "zh.un-rights.example", False,
     "联合国人权办公室中文账号。"),
    ("hrc_speakers", "HRC Speakers Bot", "bot", "en",
     "hrc_speakers@bots.example", "hrc-speakers.bots.example", False,
     "Automated: who has the floor at the Human Rights Council. Unofficial."),
    # The watching delegation (own): Norland
    ("norland_mission", "Permanent Mission of Norland, Geneva", "own", "en",
     "norland_mission@mastodon.example", "norland-mission.bsky.example", True,
     "Permanent Mission of the Republic of Norland to the UN in Geneva."),
    ("norland_amb", "Amb. Ingrid Sølvberg", "own", "en",
     "isolvberg@mastodon.example", "isolvberg.bsky.example", True,
     "Ambassador and Permanent Representative of Norland in Geneva."),
    ("norland_deleg", "Jonas Brekke", "own", "en",
     "jbrekke@mastodon.example", "jonasbrekke.bsky.example", True,
     "Human rights counsellor, Norland delegation. Views my own."),
    # Other delegations (official)
    ("estmark_mission", "Estmark Mission Geneva", "official", "en",
     "estmark_geneva@social.estmark.example", "estmark-geneva.bsky.example", False,
     "Permanent Mission of the Kingdom of Estmark to the UN Office at Geneva."),
    ("valdoria_mission", "Permanent Mission of Valdoria", "official", "en",
     "valdoria_mission@diplo.valdoria.example", "valdoria-mission.bsky.example", False,
     "Permanent Mission of the Federal Republic of Valdoria, Geneva."),
    ("bellerive_mission", "Mission permanente de Bellerive", "official", "fr",
     "mp_bellerive@social.bellerive.example", "mission-bellerive.bsky.example", False,
     "Mission permanente de la République de Bellerive auprès de l'ONU à Genève."),
    ("bellerive_deleg", "Claire Delorme", "official", "fr",
     "cdelorme@social.bellerive.example", "clairedelorme.bsky.example", False,
     "Diplomate, délégation de Bellerive. Droits humains, Genève."),
    ("costaserena_mission", "Misión de Costa Serena en Ginebra", "official", "es",
     "mision_cs@gob.costaserena.example", "costaserena-mission.bsky.example", False,
     "Misión Permanente de la República de Costa Serena ante la ONU en Ginebra."),
    ("zarechye_mission", "Постпредство Заречья в Женеве", "official", "ru",
     "zarechye_gva@mid.zarechye.example", "zarechye-mission.bsky.example", False,
     "Постоянное представительство Республики Заречье при Отделении ООН в Женеве."),
    ("wadinoor_mission", "بعثة سلطنة وادي النور في جنيف", "official", "ar",
     "wadinoor_gva@mastodon.example", "wadinoor-mission.bsky.example", False,
     "البعثة الدائمة لسلطنة وادي النور لدى الأمم المتحدة في جنيف."),
    ("lanshan_mission", "岚山共和国常驻日内瓦代表团", "official", "zh",
     "lanshan_gva@social.lanshan.example", "lanshan-mission.bsky.example", False,
     "岚山共和国常驻联合国日内瓦办事处代表团。"),
    ("kessaria_mission", "Kessaria Mission Geneva", "official", "en",
     "kessaria_gva@mastodon.example", "kessaria-mission.bsky.example", False,
     "Permanent Mission of the Republic of Kessaria in Geneva."),
    # Civil society
    ("rwc", "Rights Watch Collective", "civil_society", "en",
     "rightswatch@ngo.social.example", "rwc.bsky.example", True,
     "Independent human rights monitoring. Geneva, Nairobi, Bogotá."),
    ("amal", "Amal Defenders | مدافعو أمل", "civil_society", "en",
     "amaldefenders@mastodon.example", "amaldefenders.bsky.example", True,
     "Protecting human rights defenders. #FreeSamir"),
    ("gcsf", "Geneva Civil Society Forum", "civil_society", "en",
     "gcsforum@mastodon.example", "gcsforum.bsky.example", True,
     "Network of NGOs working with the Human Rights Council."),
    ("observatorio", "Observatorio Valdoria", "civil_society", "es",
     "observatorio_vd@ngo.social.example", "observatoriovaldoria.bsky.example", False,
     "Documentamos violaciones de derechos humanos en Valdoria."),
    ("lesf", "Liberté d'expression sans frontières", "civil_society", "fr",
     "lesf@assoc.example", "lesf.bsky.example", False,
     "Association pour la liberté de la presse et d'expression."),
    ("golos", "Правозащитный центр «Голос»", "civil_society", "ru",
     "golos_centre@ngo.social.example", "golos-centre.bsky.example", False,
     "Независимый правозащитный центр."),
    ("ahrf", "亚洲人权论坛", "civil_society", "zh",
     "ahrf@ngo.social.example", "ahrf.bsky.example", False,
     "独立的人权倡导网络。"),
    # Media
    ("genevawire", "Geneva Wire", "media", "en",
     "genevawire@press.social.example", "genevawire.bsky.example", False,
     "News from International Geneva."),
    ("lmarchetti", "Lena Marchetti", "media", "en",
     "lmarchetti@mastodon.example", "lenamarchetti.bsky.example", False,
     "UN correspondent in Geneva. DMs open."),
    ("courrier", "Le Courrier mondial", "media", "fr",
     "courriermondial@media.example", "courriermondial.bsky.example", False,
     "Actualité internationale depuis Genève."),
    ("eco", "El Eco de Ginebra", "media", "es",
     "ecoginebra@media.example", "ecoginebra.bsky.example", False,
     "Noticias de la Ginebra internacional en español."),
    ("vestnik", "Женевский вестник", "media", "ru",
     "vestnik_gva@media.example", "vestnik-gva.bsky.example", False,
     "Новости международной Женевы."),
    ("akhbar", "أخبار جنيف", "media", "ar",
     "akhbar_geneva@media.example", "akhbar-geneva.bsky.example", False,
     "أخبار جنيف الدولية."),
    ("rineiwa", "日内瓦观察", "media", "zh",
     "rineiwa_guancha@media.example", "rineiwa.bsky.example", False,
     "关注日内瓦国际新闻。"),
    # Trolls (pile-on and threats)
    ("truthbomb88", "TruthBomb", "troll", "en",
     "truthbomb88@freespeech.example", "truthbomb88.bsky.example", False,
     "Exposing the globalist agenda."),
    ("realinsider", "Real Geneva Insider", "troll", "en",
     "realinsider@mastodon.example", None, False, "I know what they don't tell you."),
    ("patriot_vd", "Патриот Вальдории", "troll", "ru",
     "patriot_vd@freespeech.example", "patriot-vd.bsky.example", False, "Правда о Вальдории."),
    ("verdadero_vd", "El Verdadero Valdoria", "troll", "es",
     "el_verdadero_vd@freespeech.example", "verdadero-vd.bsky.example", False,
     "La verdad que la ONU oculta."),
    ("anon19847", "anon_19847", "troll", "en", None, "anon19847.bsky.example", False, ""),
    ("gvawatcher", "GenevaWatcher2026", "troll", "en",
     "genevawatcher_2026@mastodon.example", None, False, "Watching the watchers."),
    ("nwo_exposed", "NWO Exposed", "troll", "en", None, "nwo-exposed.bsky.example", False,
     "Question everything."),
    ("stopfakengos", "Stop Fake NGOs", "troll", "en",
     "stop_fake_ngos@freespeech.example", "stopfakengos.bsky.example", False,
     "Follow the money."),
    ("valdoria_first", "Valdoria First", "troll", "en", None, "valdoriafirst.bsky.example",
     False, "Sovereignty. Dignity."),
    ("clownshow", "HRC Clown Show", "troll", "en",
     "hrc_clown_show@freespeech.example", None, False, "Satire. Sort of."),
    ("sadiq_r", "صادق الرفاعي", "troll", "ar", None, "sadiq-rifai.bsky.example", False, ""),
    ("zhenxiang", "真相哥", "troll", "zh", None, "zhenxiang.bsky.example", False, ""),
    ("onsaittout", "On Sait Tout", "troll", "fr", None, "onsaittout.bsky.example", False, ""),
    # People who leak or say too much (not official accounts)
    ("vd_insider", "VD Insider", "leaker", "en",
     "vd_insider@social.example", "vd-insider.bsky.example", False,
     "Corridors of the Palais. Not affiliated."),
    ("tomwebb", "Tom Webb", "leaker", "en", None, "tomwebb.bsky.example", False,
     "Grad student, Geneva. International law, coffee."),
    ("xiaolin", "林晓", "leaker", "zh", None, "linxiao.bsky.example", False, "日内瓦，国际关系。"),
    ("rania_k", "رانيا خليل", "leaker", "ar", None, "raniakhalil.bsky.example", False,
     "باحثة في القانون الدولي."),
]

# The watching delegation.
OWN_DELEGATION = "Republic of Norland"

# Public users: (display name, username stem, language).  The generator gives
# each a network presence and a server.
PUBLIC_NAMES = {
    "en": {
        "first": ["Maya", "Daniel", "Priya", "Tom", "Hannah", "Oliver", "Grace", "Samuel",
                  "Chloe", "Ethan", "Nora", "Lucas", "Amira", "Ben", "Zoe", "Kwame", "Leila",
                  "Marcus", "Ines", "Jonah", "Fatou", "Arjun", "Sinead", "Mateo", "Ruth"],
        "last": ["Collins", "Webber", "Patel", "Okafor", "Lindgren", "Murphy", "Reyes",
                 "Kowalski", "Hughes", "Bennett", "Nakamura", "Adeyemi", "Fischer", "Sorensen",
                 "Clarke", "Mensah", "Duarte", "Brennan", "Haddad", "Ivanova"],
    },
    "fr": [("Camille Roussel", "camille_roussel"), ("Julien Marchand", "jmarchand"),
           ("Élodie Besson", "elodie_b"), ("Mathieu Girard", "mathieugirard"),
           ("Léa Fontaine", "leafontaine"), ("Antoine Caron", "a_caron"),
           ("Inès Lefèvre", "ines_lefevre"), ("Hugo Perrin", "hugoperrin"),
           ("Chloé Dubreuil", "chloe_dubreuil"), ("Théo Mercier", "theomercier"),
           ("Awa Diop", "awa_diop"), ("Nicolas Béranger", "nberanger"),
           ("Sophie Achard", "sophie_achard"), ("Karim Benslimane", "kbenslimane")],
    "es": [("Lucía Ferrer", "luciaferrer"), ("Diego Salazar", "dsalazar"),
           ("Marta Ibáñez", "marta_ibanez"), ("Javier Ortega", "jortega"),
           ("Carmen Villalobos", "cvillalobos"), ("Andrés Cifuentes", "andres_cif"),
           ("Paula Navarro", "paulanavarro"), ("Sergio Montoya", "smontoya"),
           ("Valentina Ríos", "vale_rios"), ("Tomás Aguirre", "tomas_aguirre"),
           ("Daniela Quispe", "dquispe"), ("Rafael Echeverría", "rafa_echeverria"),
           ("Ximena Duarte", "ximenaduarte"), ("Pablo Herrera", "pabloherrera")],
    "ru": [("Анна Лебедева", "anna_lebedeva"), ("Дмитрий Соколов", "dsokolov"),
           ("Ольга Морозова", "olga_morozova"), ("Игорь Волков", "ivolkov"),
           ("Мария Кузнецова", "maria_kuz"), ("Сергей Павлов", "spavlov"),
           ("Екатерина Новикова", "ekaterina_n"), ("Алексей Фёдоров", "afedorov"),
           ("Наталья Орлова", "n_orlova"), ("Павел Зайцев", "pzaitsev"),
           ("Тимур Ахмедов", "timur_akhmedov"), ("Ирина Белова", "irina_belova")],
    "ar": [("سارة الحسيني", "sara_alhusseini"), ("عمر الخطيب", "omar_khatib"),
           ("ليلى منصور", "layla_mansour"), ("يوسف العلي", "yousef_alali"),
           ("نور سالم", "nour_salem"), ("كريم بن علي", "karim_benali"),
           ("ريم حداد", "reem_haddad"), ("أحمد الشامي", "ahmed_shami"),
           ("هدى عبد الله", "huda_abdallah"), ("طارق زيدان", "tarek_zeidan"),
           ("مريم العمري", "mariam_omari"), ("خالد الأنصاري", "khaled_ansari")],
    "zh": [("王丽华", "wang_lihua"), ("陈志远", "chen_zhiyuan"), ("李静", "lijing_gva"),
           ("张伟", "zhangwei_hr"), ("刘洋", "liuyang_un"), ("赵敏", "zhao_min"),
           ("黄思远", "huang_siyuan"), ("周雨桐", "zhou_yutong"), ("吴昊", "wu_hao"),
           ("孙悦", "sun_yue"), ("郑嘉怡", "zheng_jiayi"), ("何文博", "he_wenbo")],
}

PUBLIC_NOTES = {
    "en": ["Human rights, Geneva, coffee.", "Law student. Opinions my own.",
           "Watching the UN so you don't have to.", "NGO worker. Mostly threads.",
           "Researcher, civic space and digital rights.", ""],
    "fr": ["Droits humains, Genève.", "Juriste. Avis personnels.", ""],
    "es": ["Derechos humanos y café.", "Periodista independiente.", ""],
    "ru": ["Права человека, Женева.", "Юрист. Личное мнение.", ""],
    "ar": ["حقوق الإنسان والقانون الدولي.", "باحثة في جنيف.", ""],
    "zh": ["关注人权与国际法。", "日内瓦留学生。", ""],
}

# Mastodon servers of public users, by language (mastodon.example is the
# recording server: its users are "local").
PUBLIC_SERVERS = {
    "en": ["mastodon.example", "mastodon.example", "social.example", "toot.example",
           "mstdn.example"],
    "fr": ["piaille.example", "mastodon.example", "social.example"],
    "es": ["mastodon.example", "tooot.example", "social.example"],
    "ru": ["mastodon.example", "social.example"],
    "ar": ["mastodon.example", "social.example"],
    "zh": ["mastodon.example", "m.cmx.example"],
}

# --------------------------------------------------------------------------
# The agenda of the day (UTC; Geneva is UTC+1 in March).
# phase key, UTC start, UTC end, programme item id, title, hashtags, keywords
# --------------------------------------------------------------------------

PHASES = [
    ("opening", "08:00", "08:10", "item1",
     "Item 1 — Opening of the session; organizational and procedural matters",
     ["HRC61"], ["opening", "programme of work", "President"]),
    ("hc", "08:10", "08:45", "item2",
     "Item 2 — Annual report of the United Nations High Commissioner for Human Rights",
     ["HRC61"], ["High Commissioner", "annual report", "A/HRC/61/20", "civic space",
                 "reprisals"]),
    ("gd2", "08:45", "09:20", "item2-gd",
     "Item 2 — General debate on the annual report of the High Commissioner",
     ["HRC61"], ["general debate", "Item 2", "High Commissioner"]),
    ("foe", "09:20", "09:55", "item3",
     "Item 3 — Interactive dialogue with the Special Rapporteur on freedom of opinion "
     "and expression",
     ["HRC61", "FreedomOfExpression"], ["freedom of expression", "journalists", "SLAPP",
                                         "foreign-funded media"]),
    ("valdoria", "09:55", "11:05", "item4",
     "Item 4 — Interactive dialogue with the Special Rapporteur on the situation of human "
     "rights in the Federal Republic of Valdoria",
     ["HRC61", "ItemFour", "Valdoria"], ["Valdoria", "Special Rapporteur", "arbitrary detention",
                                         "journalists", "Item 4"]),
    ("ror", "11:05", "11:15", "item4-ror",
     "Item 4 — Right of reply",
     ["HRC61"], ["right of reply"]),
    ("upr", "11:15", "11:35", "item6",
     "Item 6 — Universal periodic review: adoption of the outcome for Bellerive",
     ["HRC61", "UPR"], ["UPR", "Bellerive", "recommendations"]),
    ("vote", "11:35", "11:52", "item4-vote",
     "Item 4 — Action on draft resolution A/HRC/61/L.12/Rev.1, Situation of human rights "
     "in the Federal Republic of Valdoria",
     ["HRC61", "ItemFour"], ["L.12", "A/HRC/61/L.12/Rev.1", "recorded vote",
                             "explanation of vote"]),
    ("post_vote", "11:52", "12:10", "item4-vote", None, None, None),
    ("item10", "12:10", "12:30", "item10",
     "Item 10 — Interactive dialogue on technical assistance and capacity-building for "
     "Kessaria",
     ["HRC61"], ["technical assistance", "capacity-building", "Kessaria"]),
]

# Meetings held in parallel to the plenary (local Geneva time).
SIDE_EVENTS = [
    ("informals-l12", "Informal consultations on draft resolution A/HRC/61/L.12/Rev.1 "
     "(main sponsor: Norland), Room XXII", "09:00", "10:00", ["L.12", "informals"]),
    ("informals-l19", "Informal consultations on draft resolution A/HRC/61/L.19, safety of "
     "journalists (main sponsor: Bellerive), Room XXV", "11:00", "12:00", ["L.19", "informals"]),
    ("side-defenders", "Side event: Defenders under pressure in Valdoria (Amal Defenders, "
     "Rights Watch Collective), Room XXIV", "13:00", "14:00", ["side event", "Valdoria"]),
    ("press-sr-valdoria", "Press conference by the Special Rapporteur on Valdoria, "
     "Press Room 1 (report embargoed until 14:00)", "14:00", "14:45", ["press conference",
                                                                       "embargo"]),
]

# Who has the floor, per phase (the speakers bot walks these in order).
SPEAKERS = {
    "opening": ["President of the Human Rights Council"],
    "hc": ["High Commissioner for Human Rights"],
    "gd2": ["Ilvania on behalf of the Group of Friends of Civic Space", "Aldovia", "Norland",
            "Merovia", "Estmark", "Bellerive", "Costa Serena", "Solvany", "Zarechye",
            "Karvelia", "Wadi Noor", "Lanshan", "Rights Watch Collective",
            "Geneva Civil Society Forum"],
    "foe": ["Special Rapporteur on freedom of opinion and expression", "Bellerive", "Estmark",
            "Aldovia", "Merovia", "Norland", "Karvelia",
            "Liberté d'expression sans frontières", "Rights Watch Collective"],
    "valdoria": ["Special Rapporteur on Valdoria", "Valdoria (country concerned)",
                 "Norland on behalf of the core group", "Estmark", "Bellerive", "Costa Serena",
                 "Zarechye", "Lanshan", "Wadi Noor", "Aldovia", "Solvany", "Merovia",
                 "Ilvania", "Kessaria", "Karvelia", "Amal Defenders",
                 "Rights Watch Collective", "Observatorio Valdoria",
                 "Special Rapporteur on Valdoria (concluding remarks)"],
    "ror": ["Valdoria (right of reply)", "Norland (right of reply)",
            "Estmark (right of reply)"],
    "upr": ["Bellerive (State under review)", "Aldovia", "Costa Serena",
            "Liberté d'expression sans frontières"],
    "vote": ["Norland (introducing L.12/Rev.1)", "Valdoria (country concerned)",
             "Estmark (explanation of vote before the vote)", "Lanshan (explanation of vote)",
             "Bellerive (explanation of vote)", "Costa Serena (explanation of vote)",
             "Zarechye (explanation of vote)", "Wadi Noor (explanation of vote)"],
    "post_vote": ["Valdoria (explanation of vote after the vote)",
                  "Solvany (explanation of vote after the vote)"],
    "item10": ["Kessaria (country concerned)", "UN Rights Office", "Aldovia", "Merovia",
               "Amal Defenders"],
}

ITEM_LABEL = {
    "opening": "Item 1, opening of the session",
    "hc": "Item 2, annual report of the High Commissioner",
    "gd2": "Item 2, general debate",
    "foe": "Item 3, ID on freedom of expression",
    "valdoria": "Item 4, ID on Valdoria",
    "ror": "Item 4, right of reply",
    "upr": "Item 6, UPR outcome of Bellerive",
    "vote": "Item 4, action on L.12/Rev.1",
    "post_vote": "Item 4, action on L.12/Rev.1",
    "item10": "Item 10, ID on Kessaria",
}

STATES_EN = ["Norland", "Estmark", "Bellerive", "Costa Serena", "Zarechye", "Wadi Noor",
             "Lanshan", "Aldovia", "Merovia", "Solvany", "Karvelia", "Ilvania", "Kessaria"]

# --------------------------------------------------------------------------
# Topic phrases per phase and language.  Each is written for the one
# syntactic slot its language's templates use ({t}); Russian has two forms:
# nominative ({t}) and a prepositional phrase with its preposition ({o}).
# --------------------------------------------------------------------------

TOPIC = {
    "en": {
        "opening": "the opening of the 61st session",
        "hc": "the High Commissioner's annual report",
        "gd2": "the general debate under Item 2",
        "foe": "the interactive dialogue on freedom of expression",
        "valdoria": "the interactive dialogue on Valdoria",
        "ror": "the rights of reply",
        "upr": "the adoption of Bellerive's UPR outcome",
        "vote": "the vote on draft resolution L.12",
        "post_vote": "the vote on draft resolution L.12",
        "item10": "the Item 10 dialogue on Kessaria",
    },
    "fr": {
        "opening": "l'ouverture de la 61e session",
        "hc": "le rapport annuel de la Haute-Commissaire",
        "gd2": "le débat général au titre du point 2",
        "foe": "le dialogue interactif sur la liberté d'expression",
        "valdoria": "le dialogue interactif sur la Valdorie",
        "ror": "les droits de réponse",
        "upr": "l'adoption des résultats de l'EPU de Bellerive",
        "vote": "le vote sur le projet de résolution L.12",
        "post_vote": "le vote sur le projet de résolution L.12",
        "item10": "le dialogue sur l'assistance technique à la Kessarie",
    },
    "es": {
        "opening": "la apertura del 61.º período de sesiones",
        "hc": "el informe anual de la Alta Comisionada",
        "gd2": "el debate general del tema 2",
        "foe": "el diálogo interactivo sobre libertad de expresión",
        "valdoria": "el diálogo interactivo sobre Valdoria",
        "ror": "los derechos de réplica",
        "upr": "la aprobación del resultado del EPU de Bellerive",
        "vote": "la votación del proyecto de resolución L.12",
        "post_vote": "la votación del proyecto de resolución L.12",
        "item10": "el diálogo sobre asistencia técnica a Kessaria",
    },
    "ru": {
        "opening": ("открытие 61-й сессии", "об открытии 61-й сессии"),
        "hc": ("ежегодный доклад Верховного комиссара",
               "о ежегодном докладе Верховного комиссара"),
        "gd2": ("общие прения по пункту 2", "об общих прениях по пункту 2"),
        "foe": ("диалог по свободе слова", "о диалоге по свободе слова"),
        "valdoria": ("интерактивный диалог по Вальдории", "об интерактивном диалоге по Вальдории"),
        "ror": ("выступления в порядке осуществления права на ответ",
                "о выступлениях в порядке осуществления права на ответ"),
        "upr": ("утверждение итогов УПО Бельрива", "об утверждении итогов УПО Бельрива"),
        "vote": ("голосование по проекту резолюции L.12", "о голосовании по проекту резолюции L.12"),
        "post_vote": ("голосование по проекту резолюции L.12",
                      "о голосовании по проекту резолюции L.12"),
        "item10": ("диалог о технической помощи Кессарии", "о диалоге о технической помощи Кессарии"),
    },
    "ar": {
        "opening": "افتتاح الدورة الحادية والستين",
        "hc": "التقرير السنوي للمفوضة السامية",
        "gd2": "المناقشة العامة في إطار البند 2",
        "foe": "الحوار التفاعلي بشأن حرية التعبير",
        "valdoria": "الحوار التفاعلي بشأن فالدوريا",
        "ror": "ممارسة حق الرد",
        "upr": "اعتماد نتائج الاستعراض الدوري الشامل لبيلريف",
        "vote": "التصويت على مشروع القرار L.12",
        "post_vote": "التصويت على مشروع القرار L.12",
        "item10": "الحوار بشأن المساعدة التقنية لكيساريا",
    },
    "zh": {
        "opening": "第61届会议开幕",
        "hc": "高级专员年度报告",
        "gd2": "议程项目2下的一般性辩论",
        "foe": "关于言论自由的互动对话",
        "valdoria": "关于瓦尔多利亚的互动对话",
        "ror": "答辩权发言",
        "upr": "贝勒里夫普遍定期审议结果的通过",
        "vote": "对L.12号决议草案的表决",
        "post_vote": "对L.12号决议草案的表决",
        "item10": "关于向凯萨里亚提供技术援助的对话",
    },
}

# Generic commentary with a topic slot.
GENERIC = {
    "en": [
        "Following {t} from Room XX of the Palais des Nations.",
        "Now in the Council: {t}.",
        "Watching {t} on UN Web TV. The speakers list is long today.",
        "Quick notes on {t}, thread below.",
        "Full room for {t}. Lots of NGOs in the gallery.",
        "Not much new so far in {t}: mostly familiar positions.",
        "If you only watch one thing at the Council today, make it {t}.",
        "Strong statements from several delegations during {t}.",
        "Civil society speakers get 90 seconds each in {t}. Not much time.",
        "Taking notes during {t}. Summary later today.",
    ],
    "fr": [
        "Je suis en direct {t} depuis la salle XX du Palais des Nations.",
        "En ce moment au Conseil : {t}.",
        "Salle comble pour {t}.",
        "Quelques notes sur {t}, fil ci-dessous.",
        "Déclarations fortes de plusieurs délégations pendant {t}.",
        "Pour l'instant, peu de surprises sur {t} : les positions habituelles.",
        "À suivre sur UN Web TV : {t}.",
        "Les ONG n'ont que 90 secondes chacune pendant {t}. C'est très court.",
    ],
    "es": [
        "Sigo en directo {t} desde la Sala XX del Palacio de las Naciones.",
        "Ahora en el Consejo: {t}.",
        "Sala llena para {t}.",
        "Algunas notas sobre {t}, hilo abajo.",
        "Declaraciones contundentes de varias delegaciones durante {t}.",
        "Por ahora, pocas sorpresas en {t}: las posiciones de siempre.",
        "Para seguir en UN Web TV: {t}.",
        "La sociedad civil solo tiene 90 segundos por intervención durante {t}. Muy poco tiempo.",
    ],
    "ru": [
        "Слежу за трансляцией из зала XX Дворца Наций. Сейчас — {t}.",
        "Сейчас в Совете: {t}.",
        "Несколько заметок {o}, подробнее в треде.",
        "Полный зал. В повестке — {t}.",
        "Пока без сюрпризов: делегации повторяют известные позиции.",
        "Смотрите на UN Web TV: {t}.",
        "У представителей гражданского общества всего 90 секунд на выступление. Очень мало.",
        "Вечером опубликую краткий обзор. Тема — {t}.",
    ],
    "ar": [
        "نتابع مباشرة {t} من القاعة العشرين في قصر الأمم.",
        "الآن في المجلس: {t}.",
        "القاعة ممتلئة خلال {t}.",
        "بعض الملاحظات حول {t} في السلسلة أدناه.",
        "مواقف قوية من عدة وفود خلال {t}.",
        "حتى الآن لا مفاجآت في {t}، المواقف المعتادة نفسها.",
        "للمتابعة على تلفزيون الأمم المتحدة عبر الإنترنت: {t}.",
        "لا يُمنح ممثلو المجتمع المدني سوى 90 ثانية لكل كلمة. وقت قصير جداً.",
    ],
    "zh": [
        "在万国宫第二十会议室现场关注{t}。",
        "理事会现在进行的是：{t}。",
        "{t}现场座无虚席。",
        "关于{t}的几点笔记，见下方串文。",
        "多个代表团在{t}中发表了措辞强硬的发言。",
        "到目前为止，{t}没有什么意外，各方立场一如既往。",
        "可在联合国网络电视观看{t}直播。",
        "民间社会代表每人只有90秒发言时间，实在太短了。",
    ],
}

# Commentary specific to a phase ({state} and {n} are filled in English).
PHASE_BODIES = {
    "en": {
        "opening": [
            "Council chamber filling up, #HRC61 about to open.",
            "Long badge queue at the Pregny gate this morning. Arrive early if you're coming.",
            "First day of the session. Four weeks, dozens of resolutions, one very full "
            "speakers list.",
            "The President opens the session with a call for 'dialogue and mutual respect'. "
            "We'll see how long that lasts.",
            "Programme of work adopted without objection. On to Item 2.",
        ],
        "hc": [
            "The High Commissioner's annual report is blunt this year: civic space, reprisals, "
            "and a long list of countries.",
            "Ferrante names Valdoria explicitly. That sets the tone for the Item 4 dialogue later.",
            "'Foreign agent' laws called out by name in the annual report. Several delegations "
            "will not like that.",
            "68 countries with attacks on human rights defenders in 2025. Staggering number.",
            "Good to hear the High Commissioner talk about funding: the Office runs on a fraction "
            "of what it needs.",
            "The annual report is A/HRC/61/20. Read the section on reprisals.",
        ],
        "gd2": [
            "General debate under Item 2: group statements first, then individual States.",
            "The usual split in the general debate: 'independence of the Office' vs 'respect "
            "for sovereignty'.",
            "Every statement so far thanks the High Commissioner. Half of them then disagree "
            "with her.",
            "Counting how many delegations mention reprisals in the Item 2 debate. So far: {n}.",
            "{state} speaking now in the general debate.",
            "{state} focuses on economic, social and cultural rights in its Item 2 statement.",
        ],
        "foe": [
            "The freedom of expression report is a must-read on SLAPPs against journalists.",
            "SR on freedom of expression: online harassment of women journalists up sharply "
            "since 2022.",
            "Several States defend 'foreign-funded media' laws in the dialogue. The report is "
            "clear that they are used to close outlets.",
            "Civil society speakers in the FoE dialogue: journalists from three regions. "
            "Powerful testimonies.",
            "Can the Council protect journalists while members jail them? The FoE dialogue is "
            "asking the right question.",
            "{state} defends its media law in the freedom of expression dialogue.",
            "Journalists & human rights defenders: the FoE report treats their safety together, "
            "and rightly so.",
        ],
        "valdoria": [
            "Item 4 dialogue on Valdoria now. Expect fireworks.",
            "212 cases of arbitrary detention documented. Valdoria's reply: 'politically "
            "motivated'. Same script as last year.",
            "The Special Rapporteur has asked to visit Valdoria five times. Five.",
            "Valdoria's delegation is reading from the same talking points as 2025, word for "
            "word.",
            "Long list of speakers for the Valdoria dialogue. Not everyone will get to speak.",
            "Hearing the testimony about detained journalists in Valdoria. Hard to listen to.",
            "{state} takes the floor in the dialogue on Valdoria.",
            "{state} calls on Valdoria to grant the Special Rapporteur access.",
            "Q&A with defenders from Valdoria at the side event, 13:00 in Room XXIV. <3 to "
            "everyone who made it to Geneva.",
        ],
        "ror": [
            "Rights of reply: the part of the day where diplomacy gets less diplomatic.",
            "Valdoria and Norland trading rights of reply. Nobody is convinced.",
            "Right of reply round done in ten minutes. Moving on to Item 6.",
        ],
        "upr": [
            "UPR outcome of Bellerive: 214 recommendations accepted out of 251.",
            "Bellerive's UPR: the 'noted' recommendations are the interesting ones. Defamation, "
            "again.",
            "Short Item 6 segment. The UPR outcomes are adopted quickly; the follow-up is what "
            "matters.",
        ],
        "vote": [
            "Voting on L.12 soon. Recorded vote requested by Valdoria.",
            "Explanations of vote before the vote. Everyone already knows how they'll vote.",
            "Screens up in Room XX for the L.12 vote.",
            "{state} explains its vote on L.12.",
        ],
        "post_vote": [
            "L.12 adopted, 24-13-10. Closer than the sponsors wanted?",
            "The L.12 vote in one sentence: the Council asked Valdoria to let the Special "
            "Rapporteur in. Again.",
            "Now the hard part: will Valdoria engage with the mandate at all after this vote?",
        ],
        "item10": [
            "Item 10 now: technical assistance to Kessaria. Much calmer room.",
            "Kessaria's cooperation with the Office is a good example of what Item 10 is for.",
            "After the vote, half the delegates have left the room for coffee. Item 10 continues.",
        ],
    },
    "fr": {
        "opening": [
            "Premier jour du #CDH61 : quatre semaines de session, des dizaines de résolutions "
            "et une liste d'orateurs interminable.",
            "La présidente ouvre la session en appelant au « dialogue et au respect mutuel ». "
            "On verra combien de temps cela dure.",
        ],
        "hc": [
            "Le rapport annuel de la Haute-Commissaire est sans détour cette année : espace "
            "civique, représailles et une longue liste de pays.",
            "La Haute-Commissaire cite nommément la Valdorie. Cela donne le ton pour le "
            "dialogue au titre du point 4.",
            "68 pays où des défenseurs des droits humains ont été attaqués en 2025 : un "
            "chiffre glaçant.",
        ],
        "gd2": [
            "Débat général au titre du point 2 : d'abord les déclarations de groupe, puis les "
            "États.",
            "Toutes les délégations remercient la Haute-Commissaire. La moitié la contredit "
            "ensuite.",
            "Le clivage habituel : « indépendance du Haut-Commissariat » contre « respect de la "
            "souveraineté ».",
        ],
        "foe": [
            "Le rapport sur la liberté d'expression est à lire absolument, en particulier le "
            "chapitre sur les procédures-bâillons.",
            "Le harcèlement en ligne des femmes journalistes a fortement augmenté depuis 2022, "
            "selon le Rapporteur spécial.",
            "Plusieurs États défendent leurs lois sur les « médias financés par l'étranger ». "
            "Le rapport montre qu'elles servent à fermer des rédactions.",
        ],
        "valdoria": [
            "Dialogue sur la Valdorie : 212 cas de détention arbitraire documentés, et la "
            "délégation parle d'un rapport « politisé ».",
            "La Rapporteuse spéciale a demandé cinq fois à se rendre en Valdorie. Cinq fois.",
            "Témoignages très durs sur les journalistes détenus en Valdorie. La salle est "
            "silencieuse.",
        ],
        "upr": [
            "EPU de Bellerive : 214 recommandations acceptées sur 251.",
            "Les recommandations « notées » par Bellerive portent encore sur la diffamation. "
            "Rien de nouveau.",
        ],
        "vote": [
            "Vote enregistré sur la L.12, demandé par la Valdorie. Explications de vote en "
            "cours.",
            "Les écrans s'allument dans la salle XX : vote sur le projet de résolution L.12.",
        ],
        "post_vote": [
            "La L.12 est adoptée : 24 pour, 13 contre, 10 abstentions. Un résultat plus serré "
            "que prévu.",
            "Le Conseil demande de nouveau à la Valdorie de laisser entrer la Rapporteuse "
            "spéciale.",
        ],
        "item10": [
            "Point 10 : assistance technique à la Kessarie. Ambiance beaucoup plus calme après "
            "le vote.",
            "La moitié des délégués sont partis prendre un café après le vote. Le point 10 "
            "continue.",
        ],
    },
    "es": {
        "opening": [
            "Primer día del #CDH61: cuatro semanas de sesiones, decenas de resoluciones y una "
            "lista de oradores interminable.",
            "La presidenta abre el período de sesiones pidiendo «diálogo y respeto mutuo». "
            "Veremos cuánto dura.",
        ],
        "hc": [
            "El informe anual de la Alta Comisionada es muy directo este año: espacio cívico, "
            "represalias y una larga lista de países.",
            "La Alta Comisionada menciona a Valdoria por su nombre. Eso marca el tono del "
            "diálogo del tema 4.",
            "Ataques contra personas defensoras en 68 países en 2025. Una cifra escalofriante.",
        ],
        "gd2": [
            "Debate general del tema 2: primero las declaraciones de grupo y luego los Estados.",
            "Todas las delegaciones agradecen a la Alta Comisionada. La mitad la contradice "
            "justo después.",
            "La división de siempre: «independencia de la Oficina» frente a «respeto de la "
            "soberanía».",
        ],
        "foe": [
            "El informe sobre libertad de expresión es de lectura obligada, sobre todo el "
            "capítulo sobre demandas SLAPP contra periodistas.",
            "Según el Relator Especial, el acoso en línea contra mujeres periodistas ha "
            "aumentado muchísimo desde 2022.",
            "Varios Estados defienden sus leyes sobre «medios financiados desde el extranjero». "
            "El informe muestra que sirven para cerrar medios.",
        ],
        "valdoria": [
            "Diálogo sobre Valdoria: 212 casos de detención arbitraria documentados y la "
            "delegación habla de un informe «politizado».",
            "La Relatora Especial ha pedido cinco veces visitar Valdoria. Cinco veces.",
            "Testimonios durísimos sobre periodistas detenidos en Valdoria. Silencio total en "
            "la sala.",
        ],
        "upr": [
            "EPU de Bellerive: 214 recomendaciones aceptadas de 251.",
            "Las recomendaciones de las que Bellerive solo «toma nota» vuelven a ser sobre "
            "difamación.",
        ],
        "vote": [
            "Votación registrada sobre el L.12, solicitada por Valdoria. Explicaciones de voto "
            "en curso.",
            "Se encienden las pantallas en la Sala XX: votación del proyecto de resolución L.12.",
        ],
        "post_vote": [
            "Aprobado el L.12: 24 a favor, 13 en contra y 10 abstenciones. Más ajustado de lo "
            "esperado.",
            "El Consejo vuelve a pedir a Valdoria que deje entrar a la Relatora Especial.",
        ],
        "item10": [
            "Tema 10: asistencia técnica a Kessaria. Ambiente mucho más tranquilo después de la "
            "votación.",
            "Media sala se fue a tomar un café después de la votación. El tema 10 continúa.",
        ],
    },
    "ru": {
        "opening": [
            "Первый день #СПЧ61: четыре недели, десятки резолюций и бесконечный список "
            "ораторов.",
            "Председатель открывает сессию призывом к «диалогу и взаимному уважению». "
            "Посмотрим, надолго ли.",
        ],
        "hc": [
            "Ежегодный доклад Верховного комиссара в этом году очень прямой: гражданское "
            "пространство, репрессии и длинный список стран.",
            "Верховный комиссар прямо назвала Вальдорию. Это задаёт тон диалогу по пункту 4.",
            "Нападения на правозащитников в 68 странах за 2025 год. Страшная цифра.",
        ],
        "gd2": [
            "Общие прения по пункту 2: сначала заявления групп, потом отдельных государств.",
            "Все делегации благодарят Верховного комиссара. Половина сразу же с ней спорит.",
            "Привычный раскол: «независимость Управления» против «уважения суверенитета».",
        ],
        "foe": [
            "Доклад о свободе выражения мнений стоит прочитать целиком, особенно главу о "
            "стратегических исках против журналистов.",
            "По словам спецдокладчика, травля женщин-журналисток в интернете резко усилилась "
            "с 2022 года.",
            "Несколько государств защищают свои законы об «иностранном финансировании СМИ». "
            "Доклад показывает, что их используют для закрытия редакций.",
        ],
        "valdoria": [
            "Диалог по Вальдории: 212 задокументированных случаев произвольного задержания, а "
            "делегация говорит о «политизированном» докладе.",
            "Спецдокладчик пять раз просила разрешения посетить Вальдорию. Пять раз.",
            "Очень тяжёлые свидетельства о задержанных журналистах в Вальдории. В зале тишина.",
        ],
        "upr": [
            "УПО Бельрива: принято 214 рекомендаций из 251.",
            "Рекомендации, которые Бельрив лишь «принял к сведению», снова касаются "
            "диффамации.",
        ],
        "vote": [
            "Заносимое в отчёт о заседании голосование по L.12 по просьбе Вальдории. Идут "
            "разъяснения мотивов голосования.",
            "В зале XX зажглись табло: голосование по проекту резолюции L.12.",
        ],
        "post_vote": [
            "L.12 принята: 24 «за», 13 «против», 10 воздержались. Результат скромнее, чем "
            "ожидали авторы.",
            "Совет снова призывает Вальдорию впустить специального докладчика.",
        ],
        "item10": [
            "Пункт 10: техническая помощь Кессарии. После голосования в зале гораздо спокойнее.",
            "После голосования половина делегатов ушла пить кофе. Пункт 10 продолжается.",
        ],
    },
    "ar": {
        "opening": [
            "اليوم الأول من الدورة الحادية والستين: أربعة أسابيع وعشرات القرارات وقائمة "
            "متحدثين لا تنتهي.",
            "رئيسة المجلس تفتتح الدورة بدعوة إلى «الحوار والاحترام المتبادل». لنرَ كم سيدوم ذلك.",
        ],
        "hc": [
            "التقرير السنوي للمفوضة السامية صريح جداً هذا العام: الفضاء المدني والأعمال "
            "الانتقامية وقائمة طويلة من البلدان.",
            "المفوضة السامية تذكر فالدوريا بالاسم، وهذا يحدد نبرة الحوار في إطار البند 4.",
            "اعتداءات على المدافعين عن حقوق الإنسان في 68 بلداً خلال عام 2025. رقم مخيف.",
        ],
        "gd2": [
            "المناقشة العامة في إطار البند 2: بيانات المجموعات أولاً، ثم الدول.",
            "جميع الوفود تشكر المفوضة السامية، ونصفها يخالفها مباشرة بعد ذلك.",
            "الانقسام المعتاد: «استقلالية المفوضية» في مقابل «احترام السيادة».",
        ],
        "foe": [
            "تقرير حرية التعبير يستحق القراءة، خاصة الفصل المتعلق بالدعاوى الكيدية ضد "
            "الصحفيين.",
            "بحسب المقرر الخاص، ازدادت المضايقات الإلكترونية ضد الصحفيات بشكل حاد منذ عام 2022.",
            "عدة دول تدافع عن قوانين «وسائل الإعلام الممولة من الخارج»، والتقرير يبين أنها "
            "تُستخدم لإغلاق المؤسسات الإعلامية.",
        ],
        "valdoria": [
            "الحوار بشأن فالدوريا: 212 حالة احتجاز تعسفي موثقة، والوفد يتحدث عن تقرير «مسيّس».",
            "طلبت المقررة الخاصة زيارة فالدوريا خمس مرات. خمس مرات.",
            "شهادات قاسية جداً عن الصحفيين المحتجزين في فالدوريا. صمت تام في القاعة.",
        ],
        "upr": [
            "الاستعراض الدوري الشامل لبيلريف: قبول 214 توصية من أصل 251.",
            "التوصيات التي اكتفت بيلريف «بالإحاطة علماً» بها تتعلق مرة أخرى بالتشهير.",
        ],
        "vote": [
            "تصويت مسجل على مشروع القرار L.12 بطلب من فالدوريا. تعليل التصويت جارٍ الآن.",
            "الشاشات تضيء في القاعة العشرين: التصويت على مشروع القرار L.12.",
        ],
        "post_vote": [
            "اعتُمد القرار L.12: 24 صوتاً مؤيداً و13 معارضاً وامتناع 10. نتيجة أضيق مما توقعه "
            "مقدمو المشروع.",
            "المجلس يطالب فالدوريا مجدداً بالسماح للمقررة الخاصة بدخول البلاد.",
        ],
        "item10": [
            "البند 10: المساعدة التقنية لكيساريا. الأجواء أهدأ بكثير بعد التصويت.",
            "نصف المندوبين خرجوا لشرب القهوة بعد التصويت، والبند 10 مستمر.",
        ],
    },
    "zh": {
        "opening": [
            "人权理事会第61届会议第一天：为期四周，几十项决议，发言名单长得看不到头。",
            "理事会主席呼吁“对话与相互尊重”，宣布会议开幕。拭目以待。",
        ],
        "hc": [
            "今年高级专员的年度报告非常直接：公民空间、报复行为，还有一长串国家名单。",
            "高级专员点名提到瓦尔多利亚，这为议程项目4下的对话定下了基调。",
            "2025年有68个国家发生针对人权维护者的袭击。令人震惊的数字。",
        ],
        "gd2": [
            "议程项目2下的一般性辩论：先是集团发言，然后是各国发言。",
            "每个代表团都感谢高级专员，其中一半随即对她提出异议。",
            "老生常谈的分歧：“人权办的独立性”与“尊重主权”。",
        ],
        "foe": [
            "言论自由报告值得一读，尤其是关于针对记者的策略性诉讼的章节。",
            "据特别报告员介绍，自2022年以来针对女记者的网络骚扰急剧增加。",
            "几个国家为其“境外资助媒体”法律辩护。报告表明这些法律被用来关闭新闻机构。",
        ],
        "valdoria": [
            "关于瓦尔多利亚的对话：记录在案的任意拘留案件有212起，而该国代表团称报告“出于政治目的”。",
            "特别报告员已经五次请求访问瓦尔多利亚。五次。",
            "关于瓦尔多利亚被拘押记者的证词令人心情沉重，会场一片寂静。",
        ],
        "upr": [
            "贝勒里夫普遍定期审议：251项建议中接受了214项。",
            "贝勒里夫仅“注意到”的建议仍然集中在诽谤问题上。",
        ],
        "vote": [
            "应瓦尔多利亚要求，对L.12号决议草案进行记录表决。目前正在进行投票前解释性发言。",
            "第二十会议室的屏幕亮了：对L.12号决议草案进行表决。",
        ],
        "post_vote": [
            "L.12号决议获得通过：24票赞成，13票反对，10票弃权。结果比提案国预想的更接近。",
            "理事会再次要求瓦尔多利亚允许特别报告员入境。",
        ],
        "item10": [
            "议程项目10：向凯萨里亚提供技术援助。表决之后会场气氛平静了许多。",
            "表决结束后一半代表去喝咖啡了，议程项目10继续进行。",
        ],
    },
}

REPLIES = {
    "en": ["Agreed.", "Exactly this.", "Source?", "Do you have a link to the full statement?",
           "Which paragraph is that?", "This is the key point.", "Thanks for the summary!",
           "Is this on UN Web TV?", "Same impression from the gallery.",
           "Important thread, thanks.", "Not sure that's accurate, the speakers list changed.",
           "They said the same thing last session.", "Worth noting the vote count too.",
           "Couldn't agree more.", "Was the statement delivered in full or shortened?",
           "Bookmarking this."],
    "fr": ["Tout à fait d'accord.", "Source ?", "Vous avez le lien vers la déclaration complète ?",
           "Merci pour ce résumé !", "C'est exactement le point central.",
           "Même impression depuis la tribune.", "Ils ont dit la même chose à la dernière session.",
           "Quel paragraphe exactement ?"],
    "es": ["Totalmente de acuerdo.", "¿Fuente?", "¿Tienes el enlace a la declaración completa?",
           "¡Gracias por el resumen!", "Ese es justo el punto clave.",
           "La misma impresión desde la tribuna.",
           "Dijeron lo mismo en el último período de sesiones.", "¿Qué párrafo exactamente?"],
    "ru": ["Полностью согласен.", "Источник?", "Есть ссылка на полный текст заявления?",
           "Спасибо за краткий обзор!", "Вот это ключевой момент.", "Такое же впечатление из зала.",
           "То же самое они говорили на прошлой сессии.", "Какой именно пункт?"],
    "ar": ["أتفق تماماً.", "ما المصدر؟", "هل لديك رابط البيان الكامل؟", "شكراً على هذا الملخص!",
           "هذه هي النقطة الأساسية بالضبط.", "الانطباع نفسه من القاعة.",
           "قالوا الشيء نفسه في الدورة الماضية.", "أي فقرة بالتحديد؟"],
    "zh": ["完全同意。", "消息来源是？", "有完整发言稿的链接吗？", "谢谢总结！", "这正是关键所在。",
           "在会场也有同样的感受。", "上届会议他们也是这么说的。", "具体是哪一段？"],
}

QUOTES = {
    "en": ["Worth reading in full.", "Important statement.", "Strong words. Now we need action.",
           "Noted. Let's see if the vote matches the rhetoric.",
           "This is the line everyone will quote today.", "Compare this with last session."],
    "fr": ["À lire en entier.", "Déclaration importante.",
           "Des mots forts. Il faut maintenant des actes."],
    "es": ["Vale la pena leerlo completo.", "Declaración importante.",
           "Palabras contundentes. Ahora hacen falta hechos."],
    "ru": ["Стоит прочитать полностью.", "Важное заявление.", "Сильные слова. Теперь нужны действия."],
    "ar": ["يستحق القراءة كاملاً.", "بيان مهم.", "كلمات قوية، والآن نحتاج إلى أفعال."],
    "zh": ["值得全文阅读。", "重要发言。", "措辞有力，现在需要的是行动。"],
}

# Rhetoric without a target: hostile, not threatening.
TROLL = {
    "en": ["The Council is a talking shop. Nothing ever changes.",
           "Another day of NGOs pretending to speak for Valdoria.",
           "Who pays for all these 'independent' experts?",
           "Western puppets lecturing the world again.",
           "Fake report, fake NGOs, fake outrage.",
           "Defund the UN. Seriously.",
           "Norland should fix its own problems before lecturing Valdoria."],
    "ru": ["Опять западные марионетки учат всех жить.",
           "Очередной заказной доклад против Вальдории.",
           "Кто платит этим «независимым» экспертам?"],
    "es": ["Otro informe falso contra Valdoria pagado por ONG extranjeras.",
           "El Consejo es puro teatro. Nada cambia nunca.",
           "¿Quién paga a estos expertos «independientes»?"],
    "fr": ["Encore un rapport bidon contre la Valdorie.", "Le Conseil, c'est du théâtre."],
    "ar": ["تقرير آخر مسيّس ضد فالدوريا.", "المجلس مجرد مسرح، لا شيء يتغير."],
    "zh": ["又是一份针对瓦尔多利亚的政治化报告。", "理事会就是个清谈馆。"],
}

# Media: who has the floor (English uses the speakers list).
MEDIA_NOW = {
    "en": ["Now at #HRC61: {speaker} takes the floor.", "{speaker} addresses the Council.",
           "On the floor now: {speaker}."],
    "fr": ["En direct du #CDH61 : {t}.", "En ce moment au Conseil des droits de l'homme : {t}."],
    "es": ["En directo desde el #CDH61: {t}.", "Ahora en el Consejo de Derechos Humanos: {t}."],
    "ru": ["Прямо сейчас в СПЧ ООН: {t}.", "В Совете по правам человека сейчас — {t}."],
    "ar": ["مباشر من مجلس حقوق الإنسان: {t}.", "الآن في مجلس حقوق الإنسان: {t}."],
    "zh": ["人权理事会现场：{t}。", "正在直播：{t}。"],
}

# Firehose posts that have nothing to do with the meeting (Bluesky only).
NOISE = {
    "en": ["Coffee first, then emails.", "Anyone else watching the snooker final tonight?",
           "New blog post: sourdough hydration ratios, explained.",
           "The tram is late again. Every single Tuesday.", "Spring is finally here 🌷",
           "UN jobs fair in Geneva next week, anyone going?",
           "Reading list for the weekend: three novels and zero emails.",
           "Just finished a 10k run by the lake.", "Our cat has discovered the keyboard again.",
           "Hot take: pineapple on pizza is fine."],
    "fr": ["Enfin du soleil à Lausanne !", "Quelqu'un a une bonne adresse de fondue à Genève ?",
           "Le train a encore vingt minutes de retard."],
    "es": ["Qué ganas de que llegue el fin de semana.", "Hoy toca paella en casa.",
           "¿Alguien sabe si mañana llueve en Madrid?"],
    "ru": ["Наконец-то весна.", "Кто-нибудь знает хорошую кофейню в центре?",
           "Сегодня дочитала отличную книгу."],
    "ar": ["صباح الخير من عمّان ☀️", "ما أفضل كتاب قرأتموه هذا الشهر؟", "القهوة أولاً ثم العمل."],
    "zh": ["今天的咖啡特别好喝。", "周末去爬山，天气很好。", "有人推荐好看的纪录片吗？"],
}

EN_PREFIX = ["", "", "", "", "Now: ", "Live: ", "📍 Room XX: ", "Update: "]
EN_SUFFIX = ["", "", "", "", " Watch live on UN Web TV.", " More soon.", " Thoughts?", " 🧵",
             "\n\nMore in the thread below."]
PREFIX = {"fr": ["", "", "", "", "🔴 En direct\n"], "es": ["", "", "", "", "🔴 En directo\n"],
          "ru": ["", "", "", "", "🔴 Прямой эфир\n"], "ar": ["", "", "", "مباشر: "],
          "zh": ["", "", "", "直播："]}

NATIVE_TAG = {"en": None, "fr": "CDH61", "es": "CDH61", "ru": "СПЧ61",
              "ar": "مجلس_حقوق_الإنسان", "zh": "人权理事会"}
PHASE_TAG = {
    "foe": {"en": "FreedomOfExpression", "fr": "LibertéDExpression",
            "es": "LibertadDeExpresión", "ru": "СвободаСлова", "ar": "حرية_التعبير",
            "zh": "言论自由"},
    "valdoria": {"en": "ItemFour", "fr": "Valdorie", "es": "Valdoria", "ru": "Вальдория",
                 "ar": "فالدوريا", "zh": "瓦尔多利亚"},
    "ror": {"en": "ItemFour", "fr": "Valdorie", "es": "Valdoria", "ru": "Вальдория",
            "ar": "فالدوريا", "zh": "瓦尔多利亚"},
    "upr": {"en": "UPR", "fr": "EPU", "es": "EPU", "ru": "УПО",
            "ar": "الاستعراض_الدوري_الشامل", "zh": "普遍定期审议"},
    "vote": {"en": "ItemFour", "fr": "Valdorie", "es": "Valdoria", "ru": "Вальдория",
             "ar": "فالدوريا", "zh": "瓦尔多利亚"},
    "post_vote": {"en": "ItemFour", "fr": "Valdorie", "es": "Valdoria", "ru": "Вальдория",
                  "ar": "فالدوريا", "zh": "瓦尔多利亚"},
}

# --------------------------------------------------------------------------
# Links used in posts and cards
# --------------------------------------------------------------------------

U_WEBTV = "https://webtv.un-rights.example/hrc61/live"
U_HC = "https://un-rights.example/en/statements/2026/03/hc-annual-report-hrc61"
U_REPORT = "https://un-rights.example/en/documents/a-hrc-61-20"
U_SR = "https://un-rights.example/en/statements/2026/03/sr-valdoria-interactive-dialogue"
U_VOTE = "https://un-rights.example/en/press-releases/2026/03/council-adopts-resolution-valdoria"
U_LEAK = "https://drive.google.com/file/d/1hRc61-L12rev1-xQ9vT7kDraft/view"

CARDS = {
    "webtv": (U_WEBTV, "HRC 61 — live webcast", "Human Rights Council, 61st session, Room XX."),
    "hc": (U_HC, "Global update by the High Commissioner to the Human Rights Council",
           "Annual report of the High Commissioner, 61st session."),
    "report": (U_REPORT, "A/HRC/61/20 — Annual report of the High Commissioner",
               "Report of the United Nations High Commissioner for Human Rights."),
    "sr": (U_SR, "Statement by the Special Rapporteur on Valdoria",
           "Interactive dialogue, Human Rights Council, 61st session."),
    "vote": (U_VOTE, "Council adopts resolution on the situation of human rights in Valdoria",
             "Recorded vote: 24 in favour, 13 against, 10 abstentions."),
}

# --------------------------------------------------------------------------
# The scripted timeline (UTC).  Each entry:
#   (time, actor, networks "m" | "b" | "mb", language, text, options)
# Mentions are written @{actor_key}; they become "@user" anchors on Mastodon
# and "@handle" mention facets on Bluesky.  Options:
#   key      name used by later entries (reply / quote)
#   reply    key of the post answered          quote   key of the post quoted
#   edit     (time, new text)                   delete  time of deletion
#   media    image alt text (Mastodon attachment, Bluesky embed.images)
#   card     key of CARDS (Mastodon card, Bluesky embed.external)
#   plant    label listed in the README         imp     reaction multiplier
#   hidden   extra hidden Bluesky tags          skew    createdAt skew, seconds
# --------------------------------------------------------------------------

S = []


def _s(time, actor, nets, lang, text, **opts):
    S.append((time, actor, nets, lang, text, opts))


# Before the opening ---------------------------------------------------------
_s("08:00:40", "genevawire", "mb", "en",
   "Good morning from the Palais des Nations. The 61st session of the Human Rights Council "
   "opens at 09:00 CET: High Commissioner's annual report, then Item 4 on Valdoria and a vote "
   "on L.12 later today. Follow along here. #HRC61", imp=1.5)
_s("08:01:30", "hrcouncil", "mb", "en",
   "The 61st session of the Human Rights Council opens today at 09:00 CET in Room XX, "
   "Palais des Nations. Watch live: " + U_WEBTV + " #HRC61", card="webtv", key="webtv", imp=2)
_s("08:02:30", "norland_mission", "m", "en",
   "Ready for a long day at the Council. Our delegation is in Room XX.", imp=0.5)
_s("08:03:00", "hrc_pres", "mb", "en",
   "I declare open the sixty-first session of the Human Rights Council. I count on all "
   "delegations to conduct our work in a spirit of dialogue and mutual respect. #HRC61",
   key="open", imp=2)
_s("08:06:00", "onudroits", "mb", "fr",
   "La 61e session du Conseil des droits de l'homme s'ouvre aujourd'hui à Genève. Au "
   "programme : le rapport annuel de la Haute-Commissaire, le dialogue sur la Valdorie et le "
   "vote sur le projet de résolution L.12. #CDH61 #HRC61")
_s("08:06:30", "onuderechos", "mb", "es",
   "Hoy comienza en Ginebra el 61.º período de sesiones del Consejo de Derechos Humanos. En la "
   "agenda: el informe anual de la Alta Comisionada, el diálogo sobre Valdoria y la votación "
   "del proyecto de resolución L.12. #CDH61 #HRC61")
_s("08:07:00", "oon_prava", "mb", "ru",
   "В Женеве открывается 61-я сессия Совета по правам человека. В программе — ежегодный "
   "доклад Верховного комиссара, диалог по Вальдории и голосование по проекту резолюции L.12. "
   "#СПЧ61 #HRC61")
_s("08:07:30", "unrights_ar", "mb", "ar",
   "تنطلق اليوم في جنيف الدورة الحادية والستون لمجلس حقوق الإنسان. على جدول الأعمال: التقرير "
   "السنوي للمفوضة السامية، والحوار بشأن فالدوريا، والتصويت على مشروع القرار L.12. "
   "#مجلس_حقوق_الإنسان #HRC61")
_s("08:08:00", "unrights_zh", "mb", "zh",
   "人权理事会第61届会议今天在日内瓦开幕。议程包括：高级专员年度报告、关于瓦尔多利亚的互动对话以及"
   "对L.12号决议草案的表决。 #人权理事会 #HRC61")

# Item 2: the High Commissioner's annual report --------------------------------
_s("08:12:00", "hc", "mb", "en",
   "Human rights are not a luxury for calm times. They are the foundation that keeps "
   "societies from breaking. My annual report to #HRC61 is a warning, and a plan.",
   key="hc1", imp=4)
_s("08:14:30", "unrights", "mb", "en",
   "\"In 2025 we recorded attacks on human rights defenders in 68 countries. Behind each "
   "number is a person who spoke up.\" — High Commissioner Nadia Ferrante presenting her "
   "annual report to #HRC61 " + U_HC, card="hc", key="hcq1", imp=3)
_s("08:17:00", "unrights", "mb", "en",
   "High Commissioner Ferrante: \"Civic space is shrinking fastest where elections are near. "
   "I urge all States to stop using counter-terrorism and 'foreign agent' laws against civil "
   "society.\" #HRC61", key="hcq2", imp=3)
_s("08:20:00", "unrights", "mb", "en",
   "On Valdoria, the High Commissioner says her Office has received credible reports of "
   "arbitrary detention of protesters and calls on the authorities to grant access to UN "
   "experts. #HRC61 #Valdoria", key="hcq3", imp=3)
_s("08:22:00", "onudroits", "mb", "fr",
   "« Les droits de l'homme ne sont pas un luxe réservé aux temps calmes. » La "
   "Haute-Commissaire Nadia Ferrante présente son rapport annuel au #CDH61. #HRC61", imp=1.5)
_s("08:22:40", "onuderechos", "mb", "es",
   "«Los derechos humanos no son un lujo para tiempos de calma». La Alta Comisionada Nadia "
   "Ferrante presenta su informe anual al #CDH61. #HRC61", imp=1.5)
_s("08:23:30", "oon_prava", "mb", "ru",
   "«Права человека — не роскошь для спокойных времён». Верховный комиссар Надя Ферранте "
   "представляет свой ежегодный доклад Совету. #СПЧ61 #HRC61", imp=1.5)
_s("08:24:10", "unrights_ar", "mb", "ar",
   "«حقوق الإنسان ليست ترفاً لأوقات الهدوء». المفوضة السامية نادية فيرانتي تقدم تقريرها "
   "السنوي إلى مجلس حقوق الإنسان. #مجلس_حقوق_الإنسان #HRC61", imp=1.5)
_s("08:25:00", "unrights_zh", "mb", "zh",
   "“人权不是只属于太平时期的奢侈品。”高级专员纳迪娅·费兰特向人权理事会介绍其年度报告。 "
   "#人权理事会 #HRC61", imp=1.5)
_s("08:26:00", "genevawire", "mb", "en",
   "High Commissioner Ferrante opens #HRC61 with a warning on shrinking civic space and names "
   "Valdoria among the countries of concern. Report: " + U_REPORT, card="report", imp=1.5)
_s("08:27:30", "rwc", "mb", "en",
   "We welcome the High Commissioner's clear words on 'foreign agent' laws. Now States at "
   "#HRC61 must act on them, starting with Valdoria and Estmark.", quote="hcq2", imp=1.2)
_s("08:30:00", "valdoria_mission", "mb", "en",
   "Valdoria notes the High Commissioner's report but regrets that it relies on unverified "
   "allegations. Valdoria has always cooperated with the Office in good faith. #HRC61",
   key="vd_item2", imp=2)
_s("08:33:00", "amal", "mb", "en",
   "Valdoria says it \"has always cooperated with the Office in good faith\". Then why have "
   "the UN experts' visit requests been pending since 2022? #HRC61 #Valdoria",
   reply="vd_item2", plant="counter-narrative reply to Valdoria (Item 2)", imp=1.5)
_s("08:36:00", "lmarchetti", "mb", "en",
   "Valdoria's first reaction to the annual report: \"unverified allegations\". Expect much "
   "more of this in the Item 4 dialogue later this morning. #HRC61", imp=1)

# Item 2: general debate ---------------------------------------------------------
_s("08:49:30", "norland_mission", "mb", "en",
   "Norland thanks the Hight Commisioner for her report and her Office's independent work. We "
   "share her concern about reprisals against those who engage with this Council. #HRC61",
   key="nl_gd2", imp=1.5,
   edit=("08:52:10", "Norland thanks the High Commissioner for her report and her Office's "
         "independent work. We share her concern about reprisals against those who engage with "
         "this Council. #HRC61"),
   plant="edit: own mission corrects a typo")
_s("08:55:00", "estmark_mission", "mb", "en",
   "Estmark supports a strong and independent Office, but its mandate must be exercised with "
   "respect for sovereignty and without double standards. #HRC61", key="em_gd2", imp=1.5)
_s("08:58:00", "bellerive_mission", "mb", "fr",
   "Bellerive salue le rapport de la Haute-Commissaire et réaffirme son attachement à la "
   "liberté d'expression, en ligne comme hors ligne. Nous présenterons au cours de cette session "
   "un projet de résolution sur la sécurité des journalistes. #CDH61 #HRC61", key="bl_gd2", imp=1.5)
_s("09:01:00", "costaserena_mission", "mb", "es",
   "Costa Serena agradece a la Alta Comisionada su informe y reitera su compromiso con el "
   "multilateralismo y la protección de las personas defensoras de derechos humanos. #CDH61 "
   "#HRC61", key="cs_gd2", imp=1.5)
_s("09:02:30", "norland_deleg", "m", "en",
   "In the informals just now, Estmark said it will vote no on L.12. Core group not surprised "
   "but disappointed. Numbers still look OK for us. #HRC61",
   key="leak_informals", delete="09:06:40", imp=1.5,
   plant="indiscretion (own delegation): closed-room position + vote intention; deleted")
_s("09:04:10", "lmarchetti", "m", "en",
   "@{norland_deleg} is that on the record? #HRC61", reply="leak_informals", imp=0.5)
_s("09:05:00", "zarechye_mission", "mb", "ru",
   "Республика Заречье выступает за равноправный и деполитизированный диалог. Доклады "
   "Управления должны основываться на проверенной информации и уважении суверенитета "
   "государств. #СПЧ61 #HRC61", key="zr_gd2", imp=1.5)
_s("09:08:00", "wadinoor_mission", "mb", "ar",
   "تؤكد سلطنة وادي النور التزامها بالحوار البنّاء والتعاون مع آليات مجلس حقوق الإنسان، وترحب "
   "بتقرير المفوضة السامية. #مجلس_حقوق_الإنسان #HRC61", key="wn_gd2", imp=1.5)
_s("09:11:00", "lanshan_mission", "mb", "zh",
   "岚山共和国代表团认为，人权问题应通过建设性对话与合作解决，反对将人权问题政治化，反对针对特定国家的"
   "决议。 #人权理事会 #HRC61", key="ls_gd2", imp=1.5)
_s("09:14:00", "amal", "mb", "ar",
   "تتحدث وادي النور عن «التعاون مع آليات المجلس»، لكنها لم ترد على أي من طلبات الزيارة التي "
   "قدمها المقررون الخاصون منذ عام 2021. #مجلس_حقوق_الإنسان #HRC61", quote="wn_gd2",
   plant="counter-narrative quote of Wadi Noor (Arabic)")
_s("09:16:00", "ahrf", "mb", "zh",
   "岚山代表团说反对将人权问题“政治化”，却对本国被拘押的律师只字不提。对话与合作需要从释放他们开始。 "
   "#人权理事会 #HRC61", quote="ls_gd2", plant="counter-narrative quote of Lanshan (Chinese)")
_s("09:17:00", "golos", "mb", "ru",
   "Заречье требует «проверенной информации», но уже третий год не пускает в страну ни одного "
   "специального докладчика. Как тогда проверять? #СПЧ61 #HRC61", quote="zr_gd2",
   plant="counter-narrative quote of Zarechye (Russian)")
_s("09:18:00", "observatorio", "mb", "es",
   "Costa Serena habla de proteger a las personas defensoras, pero en 2025 fueron asesinados "
   "cuatro líderes comunitarios en su territorio y nadie ha sido juzgado. #CDH61 #HRC61",
   quote="cs_gd2", plant="counter-narrative quote of Costa Serena (Spanish; report language, "
   "not a threat)")
_s("09:19:00", "lesf", "mb", "fr",
   "Bellerive promet un projet de résolution sur la sécurité des journalistes. Très bien, mais "
   "deux journalistes bellerivois sont toujours poursuivis pour diffamation à Port-Royal. "
   "#CDH61 #HRC61", quote="bl_gd2", plant="counter-narrative quote of Bellerive (French)")

# Item 3: freedom of expression --------------------------------------------------
_s("09:22:00", "sr_foe", "mb", "en",
   "Presenting my report to #HRC61 today: journalists are being silenced at a scale not seen "
   "in a decade, through arrests, lawsuits and online harassment. Protecting them is not "
   "optional. #FreedomOfExpression", key="foe1", imp=3)
_s("09:24:30", "lmarchetti", "mb", "en",
   "EMBARGOED until 14:00 CET: the Special Rapporteur's report on Valdoria documents 212 cases "
   "of arbitrary detention since May, incl. 14 journalists. Press conference at 14:00. #HRC61",
   key="embargo", imp=1.5, plant="leak: embargoed content posted before 14:00")
_s("09:26:00", "genevawire", "mb", "en",
   "Special Rapporteur on freedom of expression tells #HRC61 journalists face \"a scale of "
   "silencing not seen in a decade\". #FreedomOfExpression", imp=1)
_s("09:28:00", "onudroits", "mb", "fr",
   "« Protéger les journalistes n'est pas facultatif. » Le Rapporteur spécial sur la liberté "
   "d'expression présente son rapport au #CDH61. #LibertéDExpression #HRC61")
_s("09:30:00", "courrier", "mb", "fr",
   "Au #CDH61, le Rapporteur spécial sur la liberté d'expression dénonce les "
   "procédures-bâillons contre les journalistes. Bellerive, la Valdorie et l'Estmark sont cités "
   "dans son rapport. #HRC61")
_s("09:32:00", "eco", "mb", "es",
   "El Relator Especial sobre libertad de expresión advierte al #CDH61 que el acoso en línea "
   "contra periodistas se ha triplicado desde 2022. #LibertadDeExpresión #HRC61")
_s("09:35:00", "estmark_mission", "mb", "en",
   "Estmark protects freedom of expression. Our law on foreign-funded media is fully "
   "compatible with international standards and was adopted after broad public consultation. "
   "#HRC61", key="em_foe", imp=2)
_s("09:38:00", "rwc", "mb", "en",
   "Estmark says its law on foreign-funded media is \"fully compatible with international "
   "standards\". The Special Rapporteur's report (para. 41) says the opposite: it is used to "
   "close independent media in Estmark. #HRC61 #FreedomOfExpression", quote="em_foe",
   plant="counter-narrative quote of Estmark (Item 3)", imp=1.5)
_s("09:40:00", "tomwebb", "b", "en",
   "Fascinating Chatham House breakfast this morning: the Estmark ambassador told us Estmark "
   "will never support a country resolution under Item 4, whatever the text says. #HRC61",
   plant="leak: Chatham House Rule breach with attribution")
_s("09:42:00", "vestnik", "mb", "ru",
   "Спецдокладчик по свободе выражения мнений: давление на журналистов достигло масштабов, "
   "невиданных за последние десять лет. #СПЧ61 #СвободаСлова #HRC61")
_s("09:44:00", "akhbar", "mb", "ar",
   "المقرر الخاص المعني بحرية التعبير أمام مجلس حقوق الإنسان: إسكات الصحفيين بلغ مستوى غير "
   "مسبوق منذ عقد. #حرية_التعبير #HRC61")
_s("09:46:00", "rineiwa", "mb", "zh",
   "言论自由问题特别报告员向人权理事会表示，针对记者的网络骚扰自2022年以来增加了两倍。 #言论自由 #HRC61")
_s("09:48:00", "vd_insider", "mb", "en",
   "Here it is: A/HRC/61/L.12/Rev.1 — not for circulation 👀 Para 7 on access for the "
   "Special Rapporteur is gone. #HRC61",
   media="Photo of the first page of draft resolution A/HRC/61/L.12/Rev.1 with track "
         "changes, stamped NOT FOR CIRCULATION",
   key="leak_photo", delete="09:54:00", imp=2,
   plant="leak: photo of a restricted draft ('not for circulation'); deleted")
_s("09:50:00", "sr_foe", "mb", "en",
   "Thank you to the many civil society speakers today. Reprisals against anyone who speaks to "
   "this Council are unacceptable. #HRC61 #FreedomOfExpression", imp=1.5)
_s("09:52:00", "eco", "mb", "es",
   "EXCLUSIVA: el proyecto de resolución revisado sobre Valdoria (L.12/Rev.1), filtrado esta "
   "mañana, elimina la petición de acceso para la Relatora Especial. Texto completo: " + U_LEAK
   + " #CDH61 #HRC61", imp=1.5, plant="leak: leaked draft with file-share link (Spanish)")
_s("09:53:00", "xiaolin", "b", "zh",
   "独家：L.12/Rev.1修订草案全文曝光，文件上标有“不得分发”字样。第7段已被删除。 #HRC61",
   plant="leak: leaked draft marked 不得分发 (Chinese)")
_s("09:54:30", "rania_k", "b", "ar",
   "تسريب: مسودة القرار L.12/Rev.1 المعدلة، وعليها عبارة «ليس للتوزيع». الفقرة 7 حُذفت بالكامل. "
   "#مجلس_حقوق_الإنسان #HRC61", plant="leak: leaked draft marked ليس للتوزيع (Arabic)")

# Item 4: interactive dialogue on Valdoria -----------------------------------------
_s("09:57:00", "sr_valdoria", "mb", "en",
   "Today I present my report on Valdoria to #HRC61. Since May, my mandate has documented 212 "
   "cases of arbitrary detention, including 14 journalists. I again ask the authorities to let "
   "me visit. #ItemFour", key="sr1", imp=5)
_s("09:58:30", "unrights", "mb", "en",
   "Special Rapporteur Mariam Oduya: \"Families in Valdoria should not have to learn from "
   "social media that their relatives are detained.\" #HRC61 #ItemFour", key="srq",
   edit=("10:06:00", "Special Rapporteur Mariam Oduya: \"Families in Valdoria should not have "
         "to learn from social media that their relatives are detained.\" Full statement: "
         + U_SR + " #HRC61 #ItemFour"),
   plant="edit: UN body adds the link to the full statement", imp=3)
_s("10:01:00", "onudroits", "mb", "fr",
   "La Rapporteuse spéciale sur la Valdorie présente son rapport : 212 cas de détention "
   "arbitraire documentés depuis mai, dont 14 journalistes. #CDH61 #HRC61", imp=1.5)
_s("10:02:00", "onuderechos", "mb", "es",
   "La Relatora Especial sobre Valdoria presenta su informe: 212 casos de detención arbitraria "
   "documentados desde mayo, entre ellos 14 periodistas. #CDH61 #HRC61", imp=1.5)
_s("10:03:00", "oon_prava", "mb", "ru",
   "Специальный докладчик по Вальдории представила доклад: с мая задокументировано 212 "
   "случаев произвольного задержания, в том числе 14 журналистов. #СПЧ61 #HRC61", imp=1.5)
_s("10:03:40", "unrights_ar", "mb", "ar",
   "المقررة الخاصة المعنية بفالدوريا تقدم تقريرها: 212 حالة احتجاز تعسفي موثقة منذ أيار/مايو، "
   "من بينها 14 صحفياً. #مجلس_حقوق_الإنسان #HRC61", imp=1.5)
_s("10:04:20", "unrights_zh", "mb", "zh",
   "瓦尔多利亚问题特别报告员介绍报告：自5月以来记录了212起任意拘留案件，其中包括14名记者。 #人权理事会 "
   "#HRC61", imp=1.5)
_s("10:08:00", "valdoria_mission", "mb", "en",
   "As the country concerned, Valdoria rejects this politically motivated report. Valdoria has "
   "never detained anyone for peaceful protest. Those detained were convicted by independent "
   "courts for violent crimes. #HRC61 #ItemFour", key="vd1", imp=4)
_s("10:09:00", "valdoria_mission", "mb", "es",
   "Valdoria rechaza este informe politizado. En Valdoria nadie ha sido detenido por protestar "
   "pacíficamente; las personas detenidas fueron condenadas por tribunales independientes. "
   "#CDH61 #HRC61", key="vd1_es", imp=2)
_s("10:11:00", "valdoria_mission", "mb", "en",
   "The so-called Special Rapporteur is a paid agent of Norland and has no credibility in "
   "Valdoria. #HRC61", key="vd_deleted", delete="10:14:30", imp=3,
   plant="official post attacking a mandate holder, deleted within minutes")
_s("10:12:00", "genevawire", "mb", "en",
   "Valdoria's delegation tells #HRC61 the Special Rapporteur's report is \"politically "
   "motivated\" and says nobody has been detained for peaceful protest. #ItemFour", imp=1.5)
_s("10:13:00", "rwc", "mb", "en",
   "Valdoria claims it has \"never detained anyone for peaceful protest\". We documented 212 "
   "protesters detained in Valdoria since May; 87 are still held without charge. Independent "
   "courts? Not one trial has been public. #HRC61 #ItemFour", quote="vd1",
   plant="counter-narrative quote of Valdoria (Item 4)", imp=2)
_s("10:15:00", "observatorio", "mb", "es",
   "Valdoria dice que «nadie ha sido detenido por protestar pacíficamente». Tenemos los "
   "nombres de 87 manifestantes pacíficos detenidos en Valdoria sin cargos desde mayo. #CDH61 "
   "#HRC61", reply="vd1_es", plant="counter-narrative reply to Valdoria (Spanish)", imp=1.5)
_s("10:16:00", "lmarchetti", "mb", "en",
   "Valdoria's mission posted, then deleted, a post calling the Special Rapporteur a \"paid "
   "agent of Norland\". Screenshots are circulating. #HRC61", imp=2)
_s("10:18:00", "truthbomb88", "m", "en",
   "@{sr_valdoria} keep lying about Valdoria and see what happens. We know where you live. "
   "#HRC61", key="threat_m", delete="10:43:00",
   plant="threat against the Special Rapporteur; removed by moderators")
_s("10:19:10", "truthbomb88", "b", "en",
   "@{sr_valdoria} we know where you live. Think carefully before you talk about Valdoria "
   "again. #HRC61", plant="threat against the Special Rapporteur")
_s("10:20:00", "estmark_mission", "mb", "en",
   "Estmark categorically rejects this biased and politicised report, which is based on lies "
   "spread by foreign-funded activists. #HRC61 #ItemFour", key="em_id", imp=3,
   edit=("10:31:00", "Estmark has serious concerns about the methodology of this report, which "
         "relies heavily on sources that could not be independently verified. #HRC61 "
         "#ItemFour"),
   plant="edit: official softens a statement")
_s("10:22:00", "norland_mission", "mb", "en",
   "Norland thanks the Special Rapporteur for her report. The documented arbitrary detentions "
   "in Valdoria, including of 14 journalists, demand a response from this Council. Norland will "
   "continue to lead resolution L.12. #HRC61 #ItemFour", key="nl_id", imp=2)
_s("10:24:00", "norland_amb", "mb", "en",
   "Proud of our team today. Norland stands with the people of Valdoria and with the Special "
   "Rapporteur. #HRC61", imp=1.5)
_s("10:25:00", "bellerive_mission", "mb", "fr",
   "Bellerive appelle la Valdorie à coopérer pleinement avec la Rapporteuse spéciale et à lui "
   "accorder un accès sans entrave au pays. #CDH61 #HRC61", imp=1.5)
_s("10:26:00", "costaserena_mission", "mb", "es",
   "Costa Serena alienta a Valdoria a mantener el diálogo con la Relatora Especial y a "
   "investigar todas las denuncias de detención arbitraria. #CDH61 #HRC61", imp=1.5)
_s("10:27:00", "zarechye_mission", "mb", "ru",
   "Заречье не поддерживает страновые мандаты, созданные без согласия заинтересованного "
   "государства. Доклад о Вальдории является политически ангажированным. #СПЧ61 #HRC61",
   key="zr_id", imp=1.5)
_s("10:28:00", "lanshan_mission", "mb", "zh",
   "岚山共和国一贯反对针对特定国家的人权机制。瓦尔多利亚有权根据本国国情选择发展道路。 #人权理事会 #HRC61",
   key="ls_id", imp=1.5)
_s("10:29:00", "wadinoor_mission", "mb", "ar",
   "تدعو سلطنة وادي النور إلى معالجة الوضع في فالدوريا من خلال الحوار والتعاون، بعيداً عن "
   "التسييس والانتقائية. #مجلس_حقوق_الإنسان #HRC61", key="wn_id", imp=1.5)
_s("10:30:00", "gcsf", "mb", "en",
   "Estmark calls the Valdoria report \"biased\" and based on \"lies\". The methodology is in "
   "annex II: 340 interviews and verified satellite imagery. Read it before dismissing it. "
   "#HRC61", quote="em_id", plant="counter-narrative quote of Estmark (Item 4)", imp=1.5)
_s("10:33:00", "golos", "mb", "ru",
   "Заречье называет доклад о Вальдории «политически ангажированным», но не оспаривает ни "
   "одного конкретного факта из него. #СПЧ61 #HRC61", quote="zr_id",
   plant="counter-narrative quote of Zarechye (Item 4, Russian)")
_s("10:34:00", "ahrf", "mb", "zh",
   "岚山代表团说瓦尔多利亚有权“选择发展道路”，但任意拘留212人不是发展道路，而是侵犯人权。 #人权理事会 "
   "#HRC61", quote="ls_id", plant="counter-narrative quote of Lanshan (Item 4, Chinese)")
_s("10:35:00", "amal", "mb", "en",
   "Amal Defenders to #HRC61: our colleague Samir Haddad has been held in Valdoria for 94 days "
   "for documenting the protests. We ask the Council to demand his release. #ItemFour "
   "#FreeSamir", key="amal_id", imp=3)
_s("10:35:40", "amal", "mb", "ar",
   "مدافعو أمل أمام مجلس حقوق الإنسان: زميلنا سمير حداد محتجز في فالدوريا منذ 94 يوماً لأنه وثّق "
   "الاحتجاجات. ونطالب المجلس بالدعوة إلى الإفراج عنه. #FreeSamir #HRC61", key="amal_id_ar",
   imp=1.5)
_s("10:37:30", "amal", "mb", "en",
   "Samir's family is in the gallery today. Thank you to every delegation that named him. "
   "#HRC61 #FreeSamir", imp=1)

# The pile-on against Amal Defenders (10:36-10:51) and threats.
PILE_ON = [
    ("10:36:20", "gvawatcher", "m", "en", "@{amal} paid liars. Who funds you? #HRC61"),
    ("10:36:50", "anon19847", "b", "en", "@{amal} paid liars. Who funds you?? #HRC61"),
    ("10:37:40", "nwo_exposed", "b", "en",
     "@{amal} clowns pretending to be a human rights NGO. #HRC61"),
    ("10:38:10", "stopfakengos", "mb", "en",
     "@{amal} foreign puppets. Nobody in Valdoria believes you. #HRC61"),
    ("10:38:55", "clownshow", "m", "en", "@{amal} you are liars and everyone knows it. #HRC61"),
    ("10:39:30", "valdoria_first", "b", "en", "@{amal} liars. Paid liars. #HRC61"),
    ("10:40:15", "patriot_vd", "mb", "ru", "@{amal} вы просто марионетки на чужие деньги. #HRC61"),
    ("10:41:00", "verdadero_vd", "mb", "es",
     "@{amal} mentirosos a sueldo, eso es lo que son. #HRC61"),
    ("10:41:40", "anon19847", "b", "en", "@{amal} what a bunch of idiots. #HRC61"),
    ("10:42:20", "sadiq_r", "b", "ar", "@{amal} أنتم مجرد دمى تمولها جهات أجنبية. #HRC61"),
    ("10:43:10", "gvawatcher", "m", "en", "@{amal} frauds, all of you. Shut it down. #HRC61"),
    ("10:44:00", "onsaittout", "b", "fr",
     "@{amal} bande de menteurs payés par l'étranger. #CDH61 #HRC61"),
    ("10:44:40", "nwo_exposed", "b", "en", "@{amal} clowns. Paid clowns. #HRC61"),
    ("10:45:30", "zhenxiang", "b", "zh", "@{amal} 一群拿外国钱的骗子。 #HRC61"),
    ("10:46:20", "clownshow", "m", "en", "@{amal} puppets of foreign money, nothing more. #HRC61"),
    ("10:47:10", "truthbomb88", "mb", "en", "@{amal} paid liars. Who funds you? #HRC61"),
    ("10:48:30", "valdoria_first", "b", "en",
     "@{amal} you'll regret this. People like you deserve what's coming. #HRC61"),
    ("10:50:40", "stopfakengos", "b", "en", "@{amal} liars and puppets. #HRC61"),
]

_s("10:40:45", "patriot_vd", "b", "ru",
   "@{sr_valdoria} мы знаем, где ты живёшь. Подумай, прежде чем снова врать о Вальдории. #HRC61",
   plant="threat against the Special Rapporteur (Russian)")
_s("10:41:30", "verdadero_vd", "m", "es",
   "@{sr_valdoria} sabemos dónde vives y en qué hotel se aloja tu equipo en Ginebra. Cuidado. "
   "#HRC61", plant="threat against the Special Rapporteur (Spanish)")
_s("10:42:50", "sadiq_r", "b", "ar", "@{amal} نعرف أين تسكنون. احذروا. #HRC61",
   plant="threat against an NGO (Arabic)")
_s("10:43:30", "onsaittout", "b", "fr",
   "@{sr_valdoria} on sait où tu habites. Fais attention. #CDH61 #HRC61",
   plant="threat against the Special Rapporteur (French)")
_s("10:44:00", "realinsider", "m", "en",
   "Estmark's deputy ambassador Viktor Hale is staying at the Hôtel du Lac Bleu, room 508. His "
   "number: +41 22 555 01 87. Tell him what you think of his 'methodology concerns'. #HRC61",
   plant="PII: hotel room and phone number of a delegate (doxxing)")
_s("10:46:10", "stopfakengos", "b", "en",
   "Want to reach the Norland delegation directly? Jonas Brekke, +41 79 555 23 41, "
   "jonas.brekke@norland-mission.example, room 214 at the Rhône Parkside hotel. #HRC61",
   plant="PII: phone, e-mail and hotel room of an own-delegation member")
_s("10:47:00", "zhenxiang", "b", "zh", "@{sr_valdoria} 我们知道你住在哪里。 #HRC61",
   plant="threat against the Special Rapporteur (Chinese)")
_s("10:45:00", "gcsf", "mb", "en",
   "We condemn the threats against the Special Rapporteur posted on this hashtag today. "
   "Threats against UN experts are attacks on this Council. #HRC61",
   plant="hard negative: counter-speech quoting 'threats'")
_s("10:47:40", "unrights", "mb", "en",
   "We are aware of threats made online against the Special Rapporteur on Valdoria. "
   "Intimidation of mandate holders is unacceptable and has been reported to the Council "
   "President. #HRC61", imp=3)
_s("10:49:30", "rwc", "mb", "en",
   "Solidarity with @{amal}. A coordinated pile-on against an NGO that just spoke at #HRC61 "
   "is exactly the kind of reprisal the High Commissioner warned about this morning.", imp=1.5)
_s("10:52:00", "hrc_pres", "mb", "en",
   "I am deeply concerned by online attacks against civil society participants and a mandate "
   "holder during today's dialogue. Reprisals and intimidation will not be tolerated. #HRC61",
   key="pres_reprisals", imp=3)
_s("10:55:00", "vestnik", "mb", "ru",
   "Источник: на закрытых консультациях по L.12 Эстмарк выступил против пункта 7 "
   "постановляющей части и потребовал убрать упоминание журналистов. #СПЧ61 #HRC61",
   plant="leak: attribution of a position in closed consultations (Russian)")
_s("10:58:00", "sr_valdoria", "mb", "en",
   "Thank you to all delegations and civil society organisations. To those who sent threats "
   "today: I will not be intimidated, and my mandate will continue. #HRC61 #ItemFour", imp=4)
_s("11:01:00", "courrier", "mb", "fr",
   "Menaces en ligne contre la Rapporteuse spéciale sur la Valdorie : la présidence du Conseil "
   "dénonce des actes d'intimidation. #CDH61 #HRC61", imp=1)
_s("11:02:00", "eco", "mb", "es",
   "Valdoria rechaza el informe de la Relatora Especial y lo califica de «politizado». Norland, "
   "Bellerive y Costa Serena piden acceso al país. #CDH61 #HRC61", imp=1)
_s("11:03:00", "akhbar", "mb", "ar",
   "فالدوريا ترفض تقرير المقررة الخاصة وتصفه بأنه «مسيّس»، فيما تطالب عدة وفود بالسماح لها "
   "بزيارة البلاد. #مجلس_حقوق_الإنسان #HRC61", imp=1)
_s("11:04:00", "rineiwa", "mb", "zh",
   "瓦尔多利亚代表团拒绝特别报告员的报告，称其“出于政治目的”。多个代表团呼吁允许特别报告员访问该国。 "
   "#人权理事会 #HRC61", imp=1)

# Right of reply -------------------------------------------------------------------
_s("11:06:00", "valdoria_mission", "mb", "en",
   "Right of reply: Valdoria rejects the baseless allegations made by Norland. Norland should "
   "address its own detention conditions before lecturing others. #HRC61", key="vd_ror", imp=2)
_s("11:09:00", "norland_mission", "mb", "en",
   "Right of reply: Norland's detention facilities are open to UN experts at any time. We "
   "invite Valdoria to do the same. #HRC61", reply="vd_ror", imp=2)
_s("11:11:00", "estmark_mission", "mb", "en",
   "Right of reply: Estmark reiterates that it engages constructively with all mechanisms of "
   "this Council. #HRC61", imp=1)
_s("11:12:30", "lmarchetti", "mb", "en",
   "Rights of reply at #HRC61: Valdoria vs Norland on detention conditions, Estmark briefly. "
   "Short and sharp.", imp=1)

# Item 6: UPR ------------------------------------------------------------------------
_s("11:17:00", "bellerive_mission", "mb", "fr",
   "Bellerive a accepté 214 des 251 recommandations reçues lors de son Examen périodique "
   "universel. Merci à tous les États et à la société civile pour ce dialogue. #EPU #UPR "
   "#CDH61 #HRC61", key="bl_upr", imp=1.5)
_s("11:19:00", "lesf", "mb", "fr",
   "Bellerive a « noté », c'est-à-dire rejeté, toutes les recommandations sur la "
   "dépénalisation de la diffamation. La liberté d'expression attendra. #EPU #CDH61 #HRC61",
   quote="bl_upr", plant="counter-narrative quote of Bellerive (UPR, French)")
_s("11:20:00", "norland_deleg", "b", "en",
   "We have the numbers. L.12 will pass comfortably in an hour: 24 yes at least, with Estmark "
   "and Zarechye voting no. #HRC61",
   plant="indiscretion (own delegation): vote count before the vote")
_s("11:22:00", "unrights", "mb", "en",
   "#UPR: the Council adopts the outcome of the Universal Periodic Review of Bellerive. #HRC61",
   imp=1)
_s("11:28:00", "bellerive_deleg", "mb", "fr",
   "Consensus atteint sur la L.19 ! Texte agréé ad ref ce matin en consultations officieuses, "
   "adoption prévue jeudi. #CDH61 #HRC61",
   plant="indiscretion: premature outcome of informal consultations (French)")

# Item 4: action on L.12 -------------------------------------------------------------
_s("11:36:00", "norland_mission", "mb", "en",
   "Norland introduces A/HRC/61/L.12/Rev.1 on behalf of the core group. The text asks Valdoria "
   "to grant access to the Special Rapporteur and to release those detained for peaceful "
   "protest. #HRC61", key="nl_intro", imp=2)
_s("11:39:00", "valdoria_mission", "mb", "en",
   "Valdoria requests a recorded vote on L.12 and calls on all members to vote no on this "
   "politicised, country-specific text. #HRC61", key="vd_vote", imp=2)
_s("11:40:00", "valdoria_mission", "mb", "es",
   "Valdoria solicita una votación registrada sobre el proyecto L.12 y pide a todos los "
   "miembros que voten en contra. #CDH61 #HRC61", imp=1)
_s("11:42:00", "estmark_mission", "mb", "en",
   "Explanation of vote before the vote: Estmark will vote against L.12. Country-specific "
   "resolutions without the consent of the State concerned are counterproductive. #HRC61",
   imp=1.5)
_s("11:43:00", "lanshan_mission", "mb", "zh",
   "投票前解释性发言：岚山共和国将对L.12号决议草案投反对票。 #人权理事会 #HRC61", imp=1)
_s("11:44:00", "bellerive_mission", "mb", "fr",
   "Explication de vote : Bellerive votera pour le projet de résolution L.12. #CDH61 #HRC61",
   imp=1)
_s("11:45:00", "costaserena_mission", "mb", "es",
   "Explicación de voto: Costa Serena se abstendrá en la votación del proyecto L.12. #CDH61 "
   "#HRC61", imp=1)
_s("11:46:00", "zarechye_mission", "mb", "ru",
   "Заречье будет голосовать против проекта резолюции L.12. #СПЧ61 #HRC61", imp=1)
_s("11:47:00", "wadinoor_mission", "mb", "ar",
   "ستمتنع سلطنة وادي النور عن التصويت على مشروع القرار L.12. #مجلس_حقوق_الإنسان #HRC61", imp=1)
_s("11:52:00", "hrcouncil", "mb", "en",
   "A/HRC/61/L.12/Rev.1 on the situation of human rights in Valdoria is ADOPTED by a recorded "
   "vote of 24 in favour, 13 against and 10 abstentions. #HRC61", key="vote_result",
   card="vote", imp=6)
_s("11:52:40", "lmarchetti", "mb", "en",
   "BREAKING: L.12 on Valdoria adopted 23-13-11. #HRC61", key="lm_vote", imp=2,
   edit=("11:54:30", "BREAKING: L.12 on Valdoria adopted 24-13-10 (corrected). #HRC61"),
   plant="edit: journalist corrects the vote count")
_s("11:53:00", "onudroits", "mb", "fr",
   "Le projet de résolution L.12/Rev.1 sur la Valdorie est adopté par 24 voix pour, 13 contre "
   "et 10 abstentions. #CDH61 #HRC61", imp=2)
_s("11:53:30", "onuderechos", "mb", "es",
   "El proyecto de resolución L.12/Rev.1 sobre Valdoria ha sido aprobado por 24 votos a favor, "
   "13 en contra y 10 abstenciones. #CDH61 #HRC61", imp=2)
_s("11:54:00", "oon_prava", "mb", "ru",
   "Проект резолюции L.12/Rev.1 по Вальдории принят: 24 голоса «за», 13 «против», 10 "
   "воздержались. #СПЧ61 #HRC61", imp=2)
_s("11:54:20", "unrights_ar", "mb", "ar",
   "اعتُمد مشروع القرار L.12/Rev.1 بشأن فالدوريا بأغلبية 24 صوتاً مقابل 13 وامتناع 10 عن "
   "التصويت. #مجلس_حقوق_الإنسان #HRC61", imp=2)
_s("11:55:00", "unrights_zh", "mb", "zh",
   "关于瓦尔多利亚人权状况的L.12/Rev.1号决议草案以24票赞成、13票反对、10票弃权获得通过。 #人权理事会 "
   "#HRC61", imp=2)
_s("11:56:00", "norland_mission", "mb", "en",
   "L.12 adopted. Thank you to the core group and to every delegation that voted for "
   "accountability in Valdoria. #HRC61", imp=3)
_s("11:58:00", "valdoria_mission", "mb", "en",
   "Valdoria will not recognise the outcome of a vote imposed by a minority of States. #HRC61",
   key="vd_after", imp=3)
_s("11:59:30", "rwc", "mb", "en",
   "Valdoria says the vote was \"imposed by a minority of States\". 24 of 47 members voted yes: "
   "that is a majority of this Council. #HRC61", reply="vd_after",
   plant="counter-narrative reply to Valdoria (after the vote)", imp=1.5)
_s("12:00:00", "amal", "mb", "en", "Samir, this one is for you. #FreeSamir #HRC61", imp=2)
_s("12:03:00", "genevawire", "mb", "en",
   "The Council has adopted L.12 on Valdoria, 24-13-10, after a tense dialogue marked by "
   "online threats against the Special Rapporteur. " + U_VOTE + " #HRC61", card="vote", imp=2)

# Item 10 ------------------------------------------------------------------------------
_s("12:12:00", "kessaria_mission", "mb", "en",
   "Kessaria thanks the Office for its technical assistance and reaffirms its commitment to "
   "implementing the recommendations on justice reform. #HRC61", imp=1)
_s("12:15:00", "unrights", "mb", "en",
   "Item 10: the Office's report on Kessaria highlights progress on juvenile justice and "
   "remaining gaps in prison oversight. #HRC61", imp=1.5)
_s("12:20:00", "lmarchetti", "mb", "en",
   "Wrapping up the morning at #HRC61. This afternoon: more Item 10, and the Special "
   "Rapporteur on Valdoria's press conference at 14:00.", imp=1)
_s("12:25:00", "genevawire", "mb", "en",
   "Morning summary #HRC61: High Commissioner's report, freedom of expression dialogue, a tense "
   "Item 4 dialogue on Valdoria with threats against the Special Rapporteur, and L.12 adopted "
   "24-13-10.", imp=2)

SCRIPT = S

# Items of the RSS feed (Geneva local time, UTC+1).
RSS_ITEMS = [
    ("2026-02-26 16:00", "48102", "en", "Human Rights Council to open its sixty-first session "
     "on 3 March", "press-releases/2026/02/human-rights-council-open-sixty-first-session",
     "<p>The Human Rights Council will hold its sixty-first session at the Palais des Nations "
     "in Geneva from 3 March to 10 April 2026. The High Commissioner will present her annual "
     "report on the opening day.</p>", ["Human Rights Council", "HRC61"]),
    ("2026-02-26 16:05", "48103", "fr", "Le Conseil des droits de l'homme ouvrira sa soixante "
     "et unième session le 3 mars", "fr/press-releases/2026/02/ouverture-soixante-et-unieme-"
     "session", "<p>Le Conseil des droits de l'homme tiendra sa soixante et unième session au "
     "Palais des Nations à Genève du 3 mars au 10 avril 2026. La Haute-Commissaire présentera "
     "son rapport annuel le jour de l'ouverture.</p>", ["Conseil des droits de l'homme",
                                                        "HRC61"]),
    ("2026-02-26 16:10", "48104", "es", "El Consejo de Derechos Humanos inaugurará su 61.º "
     "período de sesiones el 3 de marzo", "es/press-releases/2026/02/inauguracion-61-periodo-"
     "sesiones", "<p>El Consejo de Derechos Humanos celebrará su 61.º período de sesiones en el "
     "Palacio de las Naciones de Ginebra del 3 de marzo al 10 de abril de 2026. La Alta "
     "Comisionada presentará su informe anual el día de la apertura.</p>",
     ["Consejo de Derechos Humanos", "HRC61"]),
    ("2026-02-27 11:30", "48110", "en", "Programme of work for HRC 61 published",
     "hrcouncil/sessions/hrc61/programme-of-work", "<p>The programme of work of the sixty-first "
     "session is now available. Item 4 interactive dialogues begin on 3 March with the Special "
     "Rapporteur on the situation of human rights in the Federal Republic of Valdoria.</p>",
     ["Human Rights Council", "HRC61", "Programme of work"]),
    ("2026-03-02 10:00", "48121", "en", "Draft resolutions and decisions tabled: "
     "A/HRC/61/L.1 to A/HRC/61/L.24", "hrcouncil/sessions/hrc61/draft-resolutions",
     "<p>Twenty-four draft resolutions and decisions have been tabled, including "
     "A/HRC/61/L.12, Situation of human rights in the Federal Republic of Valdoria (main "
     "sponsor: Norland), and A/HRC/61/L.19, Safety of journalists (main sponsor: "
     "Bellerive).</p>", ["Human Rights Council", "HRC61", "Draft resolutions"]),
    ("2026-03-02 12:00", "48122", "en", "Informal consultations on draft resolutions: "
     "schedule for week 1", "hrcouncil/sessions/hrc61/informal-consultations-week-1",
     "<p>Informal consultations on draft resolution A/HRC/61/L.12/Rev.1 will be held on "
     "Tuesday 3 March from 09:00 to 10:00 in Room XXII. Informal consultations on "
     "A/HRC/61/L.19 will be held the same day from 11:00 to 12:00 in Room XXV.</p>",
     ["Human Rights Council", "HRC61", "Informal consultations"]),
    ("2026-03-02 15:00", "48125", "en", "Special Rapporteur on Valdoria to present report to "
     "the Council", "press-releases/2026/03/special-rapporteur-valdoria-present-report",
     "<p>The Special Rapporteur on the situation of human rights in the Federal Republic of "
     "Valdoria, Mariam Oduya, will present her report on 3 March. The report is embargoed "
     "until 14:00 CET on 3 March.</p>", ["Special Procedures", "HRC61", "Valdoria"]),
    ("2026-03-02 17:00", "48127", "en", "Media advisory: press conferences during the first "
     "week of HRC 61", "media-advisories/2026/03/press-conferences-week-1",
     "<p>Tuesday 3 March, 14:00, Press Room 1: Special Rapporteur on Valdoria. Thursday 5 "
     "March, 13:00: Special Rapporteur on freedom of opinion and expression.</p>",
     ["Media advisory", "HRC61"]),
    ("2026-03-03 09:05", "48131", "en", "President opens the sixty-first session of the Human "
     "Rights Council", "press-releases/2026/03/president-opens-sixty-first-session",
     "<p>The President of the Human Rights Council, Ambassador Lucía Varga, opened the "
     "sixty-first session and called on delegations to work \"in a spirit of dialogue and "
     "mutual respect\". The Council adopted its programme of work without a vote.</p>",
     ["Human Rights Council", "HRC61", "Item 1"]),
    ("2026-03-03 09:10", "48132", "en", "Statement by the President of the Human Rights Council "
     "at the opening of the sixty-first session", "statements/2026/03/president-opening-hrc61",
     "<p>\"I count on all delegations to conduct our work in a spirit of dialogue and mutual "
     "respect, and I will not tolerate reprisals against anyone who engages with this "
     "Council.\"</p>", ["Statements", "HRC61"]),
    ("2026-03-03 09:20", "48133", "en", "Global update: High Commissioner presents annual "
     "report to the Human Rights Council", "statements/2026/03/hc-annual-report-hrc61",
     "<p>High Commissioner Nadia Ferrante presented her annual report (A/HRC/61/20). \"In 2025 "
     "we recorded attacks on human rights defenders in 68 countries. Behind each number is a "
     "person who spoke up.\"</p><p>She urged States to stop using counter-terrorism and "
     "'foreign agent' laws against civil society &amp; the media.</p>",
     ["Statements", "HRC61", "Item 2"]),
    ("2026-03-03 09:25", "48134", "fr", "Mise à jour mondiale : la Haute-Commissaire présente "
     "son rapport annuel au Conseil", "fr/statements/2026/03/rapport-annuel-haute-commissaire",
     "<p>La Haute-Commissaire Nadia Ferrante a présenté son rapport annuel. « Les droits de "
     "l'homme ne sont pas un luxe réservé aux temps calmes. »</p>", ["Déclarations", "HRC61",
                                                                     "Point 2"]),
    ("2026-03-03 09:30", "48135", "es", "Actualización mundial: la Alta Comisionada presenta su "
     "informe anual al Consejo", "es/statements/2026/03/informe-anual-alta-comisionada",
     "<p>La Alta Comisionada Nadia Ferrante presentó su informe anual. «Los derechos humanos "
     "no son un lujo para tiempos de calma».</p>", ["Declaraciones", "HRC61", "Tema 2"]),
    ("2026-03-03 10:00", "48138", "en", "Council begins general debate on the High "
     "Commissioner's annual report", "meeting-summaries/2026/03/general-debate-item-2",
     "<p>Speakers welcomed the independence of the Office; several stressed respect for "
     "sovereignty and the need to avoid double standards.</p>",
     ["Meeting summaries", "HRC61", "Item 2"]),
    ("2026-03-03 10:25", "48140", "en", "Special Rapporteur on freedom of expression: "
     "\"Journalists are being silenced at a scale not seen in a decade\"",
     "press-releases/2026/03/special-rapporteur-freedom-expression-journalists",
     "<p>Presenting his report, Special Rapporteur Tomasz Wierzba said arrests, strategic "
     "lawsuits and online harassment were silencing journalists in every region.</p>",
     ["Special Procedures", "HRC61", "Item 3", "Freedom of expression"]),
    ("2026-03-03 10:50", "48141", "fr", "Le Rapporteur spécial sur la liberté d'expression "
     "appelle à protéger les journalistes, en ligne et hors ligne",
     "fr/press-releases/2026/03/rapporteur-special-liberte-expression",
     "<p>Le Rapporteur spécial Tomasz Wierzba a dénoncé les procédures-bâillons et le "
     "harcèlement en ligne visant les journalistes, en particulier les femmes.</p>",
     ["Procédures spéciales", "HRC61", "Point 3"]),
    ("2026-03-03 10:55", "48143", "en", "Item 4: list of speakers for the interactive dialogue "
     "on Valdoria", "hrcouncil/sessions/hrc61/speakers-item-4-valdoria",
     "<p>Forty-one delegations and nine non-governmental organizations have inscribed on the "
     "list of speakers.</p>", ["Human Rights Council", "HRC61", "Item 4"]),
    ("2026-03-03 11:00", "48144", "en", "Human Rights Council holds interactive dialogue with "
     "the Special Rapporteur on Valdoria", "meeting-summaries/2026/03/interactive-dialogue-"
     "valdoria", "<p>The Special Rapporteur said her mandate had documented 212 cases of "
     "arbitrary detention since May, including 14 journalists, and repeated her request to "
     "visit the country. Valdoria, speaking as the country concerned, rejected the report.</p>",
     ["Meeting summaries", "HRC61", "Item 4", "Valdoria"]),
    ("2026-03-03 11:05", "48145", "en", "Statement by the Special Rapporteur on the situation "
     "of human rights in the Federal Republic of Valdoria",
     "statements/2026/03/sr-valdoria-interactive-dialogue",
     "<p>\"Families in Valdoria should not have to learn from social media that their "
     "relatives are detained.\"</p>", ["Statements", "HRC61", "Item 4", "Valdoria"]),
    ("2026-03-03 11:40", "48147", "en", "Valdoria: UN expert alarmed by threats and reprisals "
     "against those who engage with the Council", "press-releases/2026/03/valdoria-expert-"
     "alarmed-reprisals", "<p>The Special Rapporteur and the Council President condemned "
     "online threats made during the dialogue against the mandate holder and a civil society "
     "organization.</p>", ["Special Procedures", "HRC61", "Reprisals"]),
    ("2026-03-03 11:45", "48148", "fr", "Valdorie : une experte de l'ONU préoccupée par les "
     "menaces et les représailles", "fr/press-releases/2026/03/valdorie-experte-represailles",
     "<p>La Rapporteuse spéciale et la Présidente du Conseil ont condamné les menaces "
     "proférées en ligne pendant le dialogue.</p>", ["Procédures spéciales", "HRC61",
                                                      "Représailles"]),
    ("2026-03-03 11:50", "48149", "es", "Valdoria: experta de la ONU alarmada por amenazas y "
     "represalias", "es/press-releases/2026/03/valdoria-experta-represalias",
     "<p>La Relatora Especial y la Presidenta del Consejo condenaron las amenazas publicadas en "
     "línea durante el diálogo.</p>", ["Procedimientos especiales", "HRC61", "Represalias"]),
    ("2026-03-03 11:53", "48150", "en", "Reprisals: Council President expresses concern over "
     "online attacks on civil society participants",
     "statements/2026/03/president-concern-online-attacks",
     "<p>\"Reprisals and intimidation will not be tolerated.\"</p>",
     ["Statements", "HRC61", "Reprisals"]),
    ("2026-03-03 12:12", "48152", "en", "Rights of reply: Valdoria, Estmark and Norland",
     "meeting-summaries/2026/03/right-of-reply-item-4",
     "<p>Valdoria, Estmark and Norland spoke in exercise of the right of reply.</p>",
     ["Meeting summaries", "HRC61", "Item 4"]),
    ("2026-03-03 12:30", "48154", "en", "Council adopts the outcome of the Universal Periodic "
     "Review of Bellerive", "meeting-summaries/2026/03/upr-outcome-bellerive",
     "<p>Bellerive accepted 214 of the 251 recommendations it received.</p>",
     ["Meeting summaries", "HRC61", "Item 6", "UPR"]),
    ("2026-03-03 12:55", "48157", "en", "Council adopts resolution on the situation of human "
     "rights in Valdoria by a recorded vote", "press-releases/2026/03/council-adopts-resolution-"
     "valdoria", "<p>The Council adopted resolution A/HRC/61/L.12/Rev.1 by a recorded vote of "
     "24 in favour, 13 against and 10 abstentions. It calls on Valdoria to grant access to the "
     "Special Rapporteur and to release those detained for peaceful protest.</p>",
     ["Press releases", "HRC61", "Item 4", "Valdoria"]),
    ("2026-03-03 13:00", "48158", "es", "El Consejo aprueba mediante votación registrada la "
     "resolución sobre Valdoria", "es/press-releases/2026/03/consejo-aprueba-resolucion-"
     "valdoria", "<p>El Consejo aprobó la resolución A/HRC/61/L.12/Rev.1 por 24 votos a favor, "
     "13 en contra y 10 abstenciones.</p>", ["Comunicados de prensa", "HRC61", "Tema 4"]),
    ("2026-03-03 13:05", "48159", "fr", "Le Conseil adopte par un vote enregistré la résolution "
     "sur la Valdorie", "fr/press-releases/2026/03/conseil-adopte-resolution-valdorie",
     "<p>Le Conseil a adopté la résolution A/HRC/61/L.12/Rev.1 par 24 voix pour, 13 contre et "
     "10 abstentions.</p>", ["Communiqués de presse", "HRC61", "Point 4"]),
    ("2026-03-03 13:20", "48161", "en", "Council opens interactive dialogue on technical "
     "assistance and capacity-building for Kessaria",
     "meeting-summaries/2026/03/item-10-kessaria",
     "<p>The Office reported progress on juvenile justice in Kessaria and gaps in prison "
     "oversight.</p>", ["Meeting summaries", "HRC61", "Item 10"]),
    ("2026-03-03 13:25", "48162", "en", "Media advisory: Special Rapporteur on Valdoria press "
     "conference at 14:00", "media-advisories/2026/03/press-conference-sr-valdoria",
     "<p>Press Room 1, Palais des Nations, 14:00 CET. The report's embargo lifts at 14:00.</p>",
     ["Media advisory", "HRC61", "Valdoria"]),
]
