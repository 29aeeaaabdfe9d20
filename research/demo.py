"""
Research and collaboration facts of the current site as records; loading twice
changes nothing and never overwrites an editor's changes.
"""

from editorial.demo import load_page
from editorial.models import Publishable

from .models import (
    Alliance,
    InterdisciplinaryProgramme,
    KeyFigure,
    PartnerInstitution,
    Project,
    ResearchProfile,
    ResearchTheme,
    ScienceAreaCluster,
)

LIVE = {"status": Publishable.Status.PUBLISHED}
LUMC_PROFILE = "LUMC profile for the LEaDing Fellows programme"
ARWU = "Shanghai Ranking (ARWU)"
Kind = PartnerInstitution.Kind

# (value, label, year, source), in the words and with the years the source gives.
KEY_FIGURES = [
    ("6th", "best medical research institute in Europe", "2014 and 2015", ARWU),
    ("~160", "PhD theses a year", "", LUMC_PROFILE),
    ("~2,000", "scientific publications a year", "", LUMC_PROFILE),
    ("1.5", "times the world mean citation score (MNCS)", "", LUMC_PROFILE),
    ("19", "European Research Council (ERC) projects hosted", "", LUMC_PROFILE),
    ("68", "Horizon 2020 projects, 23 of them as coordinator", "", LUMC_PROFILE),
    ("17", "Marie Skłodowska-Curie Actions", "", LUMC_PROFILE),
]  # fmt: skip

# The ninth theme is "Lifecourse"; "Prevention & lifestyle" is its subtitle.
THEMES = [
    ("Academic Pharma", ""),
    ("Neuroscience", ""),
    ("Cancer", ""),
    ("Immunity", ""),
    ("Cell tissue & organ", ""),
    ("Cardiovascular", ""),
    ("Medical Genomics", ""),
    ("Infection", ""),
    ("Lifecourse", "Prevention & lifestyle"),
]

PROFILES = [
    "Vascular and Regenerative Medicine",
    "Immunity, Infection and Tolerance",
    "Translational Neuroscience",
    "Cancer Pathogenesis and Therapy",
    "Ageing",
    "Innovation in Health Strategy and Quality of Care",
    "Biomedical Imaging",
]

# (name, short name, kind, city, country, website, description)
PARTNERS = [
    ("Leiden University", "", Kind.UNIVERSITY, "Leiden", "NL", "https://www.universiteitleiden.nl/en",
     "<p>Leiden University aims to maximise the impact of its research programs. It trains "
     "students to become analytical thinkers and critical world citizens, so they can use "
     "scientific knowledge to make the world a safe, healthy, sustainable, prosperous, and fair "
     "place.</p>"),
    ("Universitat de Barcelona", "", Kind.UNIVERSITY, "Barcelona", "ES", "https://www.ub.edu/",
     "<p>Member of the Eurolife consortium; organised the DATAETHICS summer school of 2022.</p>"),
    ("Delft University of Technology", "TU Delft", Kind.UNIVERSITY, "Delft", "NL",
     "https://www.tudelft.nl/en/", "<p>Its Faculty of Architecture (TUD-BK) started the globally "
     "oriented programme of medical and architecture students with LUMC.</p>"),
    ("Hogeschool Leiden", "", Kind.UNIVERSITY, "Leiden", "NL", "https://www.hsleiden.nl/", ""),
    ("Leiden Centre for Applied Bioscience", "LCAB", Kind.RESEARCH_INSTITUTE, "Leiden", "NL", "",
     ""),
    ("Leiden Bio Science Park", "LBSP", Kind.NETWORK, "Leiden", "NL",
     "https://leidenbiosciencepark.nl/", "<p>The collaboration between LUMC, Leiden University "
     "and the Leiden Bio Science Park creates unique possibilities for medical innovation in the "
     "Leiden area.</p>"),
    ("Health~Holland", "", Kind.NETWORK, "The Hague", "NL", "https://www.health-holland.com/", ""),
    ("Bristol Myers Squibb", "BMS", Kind.COMPANY, "", "US", "https://www.bms.com/", ""),
    ("Janssen", "", Kind.COMPANY, "", "BE", "https://www.janssen.com/", ""),
    ("Philips", "", Kind.COMPANY, "Amsterdam", "NL", "https://www.philips.com/", ""),
    ("China Scholarship Council", "CSC", Kind.FUNDER, "Beijing", "CN", "https://www.csc.edu.cn/",
     "<p>The CSC fair is focused on recruiting top-tier aspiring PhD students.</p>"),
    ("European Research Council", "ERC", Kind.FUNDER, "Brussels", "BE", "https://erc.europa.eu/",
     "<p>LUMC is/has been host institution of 19 granted ERC projects.</p>"),
    ("European Commission", "", Kind.FUNDER, "Brussels", "BE",
     "https://commission.europa.eu/", "<p>Funds Horizon 2020 and the Marie Skłodowska-Curie "
     "Actions; LUMC is active in 68 granted Horizon 2020 projects (23 as coordinator), including "
     "17 Marie Skłodowska-Curie Actions.</p>"),
    ("Expat Centre Leiden", "", Kind.GOVERNMENT, "Leiden", "NL", "",
     "<p>Gives visiting scientists and foreign MSc/PhD students dedicated support with any issue "
     "when settling in the Netherlands and the Leiden area.</p>"),
    # Exchange destinations for students.
    ("Karolinska Institutet", "", Kind.UMC, "Stockholm", "SE", "https://ki.se/en", ""),
    ("Heidelberg University", "", Kind.UNIVERSITY, "Heidelberg", "DE",
     "https://www.uni-heidelberg.de/en", ""),
    ("KU Leuven", "", Kind.UNIVERSITY, "Leuven", "BE", "https://www.kuleuven.be/english/", ""),
]  # fmt: skip

# (name, short name, size, description, LUMC's role, website, member names)
ALLIANCES = [
    ("League of European Research Universities", "LERU",
     "21 renowned research universities based in 10 European countries",
     "<p>A strong international network of renowned research universities.</p>",
     "LUMC participates in LERU.", "https://www.leru.org/", ["Leiden University"]),
    ("EIT Health", "", "", "<p>An (inter)national research alliance in which LUMC is involved.</p>",
     "", "https://eithealth.eu/", []),
    ("Eurolife", "", "9 European universities",
     "<p>An international, European network of universities. The network focuses predominantly "
     "on biomedical sciences, but also related subjects in the field of Life Sciences &amp; "
     "Health.</p>",
     "LUMC is a member; it organised the DATAETHICS winter school of January 2022 on behalf of "
     "the consortium.", "", ["Universitat de Barcelona"]),
    ("Medical Delta", "", "",
     "<p>The province of South Holland, with its large concentration of companies in the Leiden "
     "Bio Science Park and the Medical Delta, is internationally recognised as an essential "
     "player in Life Sciences &amp; Health.</p>",
     "", "https://www.medicaldelta.nl/", []),
]  # fmt: skip

CLUSTERS = [
    "Fundamentals of science",
    "Life sciences",
    "Health and wellbeing",
    "Law, politics, and administration",
    "Languages, cultures, and societies",
    "Artificial intelligence",
]

# (title, short name); all created by Leiden University in 2020.
PROGRAMMES = [
    ("Society Artificial Intelligence, and Life Sciences", "SAILS"),
    ("Museums, Collections, and Society", ""),
    ("Social Resilience, and Safety", ""),
    ("Citizenship, and Global Transformations", ""),
    ("Population Health", ""),
    ("Drug Discovery and Development", ""),
    ("Regenerative Medicine", ""),
    ("Liveable Planet – Sustainable Futures", ""),
]

# The site says eight Global PhD projects have partners in these six countries,
# without naming the projects: one record a country, for editors to complete.
GLOBAL_PHD_COUNTRIES = [
    ("BR", "Brazil"),
    ("ID", "Indonesia"),
    ("TZ", "Tanzania"),
    ("BE", "Belgium"),
    ("SE", "Sweden"),
    ("ET", "Ethiopia"),
]

DELFT = (
    "What makes a healthy residential neighbourhood? In recent times, this question has "
    "unsurprisingly gained relevance in both healthcare, and urban planning and design sectors. "
    "Can interdisciplinary research shed new light on the relation between housing conditions "
    "and vulnerability to pathogens such as SARS-CoV-2?"
)

TEXTS = {
    "research_intro": (
        "Research",
        "<p>LUMC has a strong focus on research. We connect and combine fundamental research into "
        "disease-causing mechanisms with patient-focused studies in areas like oncology, "
        "regenerative medicine and population health.</p><p>The LUMC has research facilities "
        "that include capabilities for multiple appliances. The combination of clinical and "
        "societal outreach programmes allows for ground-breaking research and innovation in basic "
        "and applied science.</p>",
    ),
    "phd_and_postdocs": (
        "PhDs & Postdocs",
        "<p>Studying for a PhD or being a postdoc at the LUMC means working together to break new "
        "ground. We offer people from all over the world a platform on which they can put their "
        "passion into practice.</p><p>We have a unique setting with a premium infrastructure. The "
        "collaboration between the LUMC, Leiden University and the Leiden Bio Science Park also "
        "creates unique possibilities for medical innovation.</p><p>LUMC has hosted many (joint) "
        "international PhDs and postdocs. This has resulted in opening our eyes to new and "
        "different ways of working on complex (bio)medical research questions. It has also "
        "provided us with a vastly international academic staff. The coming years, LUMC Global "
        "will boost even more international PhDs and postdocs coming to Leiden.</p><p>LUMC "
        "researchers extensively gain international experience through participation in European "
        "research projects for which they travel to other EU countries, as well as other "
        "continents, such as Africa, Asia and the Americas.</p><p>Each year, LUMC welcomes many "
        "visiting scientists and foreign MSc/PhD students, with dedicated support by the Expat "
        "Centre Leiden for any issue when settling in the Netherlands/Leiden area.</p>",
    ),
    "research_funding": (
        "Prizes, grants and scholarships",
        "<p>The Leiden University Medical Center (LUMC) has a strong history of conducting "
        "top-quality research. Researchers at the LUMC have contributed to ground-breaking "
        "academic medical research throughout the years.</p><p>The LUMC is also delighted to be "
        "and to have been host institution for a large number of European Research Council (ERC) "
        "projects, as well as Horizon2020 grants. LUMC is very successful in obtaining funding "
        "from external resources such as the European Union; it has ample experience with "
        "training and supervision of international young researchers.</p>",
    ),
    "collaborations_intro": (
        "Collaborations and alliances",
        "<p>We actively seek out opportunities for international collaboration and foster and "
        "further build upon existing international partnerships. We are always looking for "
        "regional, European and international connections with partners that are complementary "
        "to our objectives and that add value to improving and innovating global care, health "
        "and medicine.</p>",
    ),
    "leiden_university": (
        "Universiteit Leiden",
        "<p>Leiden University aims to maximise the impact of its research programs. It trains "
        "students to become analytical thinkers and critical world citizens, so they can use "
        "scientific knowledge to make the world a safe, healthy, sustainable, prosperous, and "
        "fair place.</p>",
    ),
    "science_areas": (
        "Science areas",
        "<p>The Faculty of Medicine of Leiden University and the Leiden Academic Hospital merged "
        "into LUMC in 1996. Aside from the historical background, the close collaboration between "
        "LUMC and the faculties of Leiden University is crucial for addressing important social "
        "issues. Therefore, Leiden University and LUMC cooperate in the following 6 clusters of "
        "science areas:</p>",
    ),
    "interdisciplinary_programmes": (
        "Interdisciplinary programmes",
        "<p>Leiden University also created 8 interdisciplinary programmes in 2020. They focus on "
        "intensifying interdisciplinary collaboration throughout the university and responding to "
        "issues affecting the world today, such as the ones mentioned in the United Nations "
        "Sustainable Development Goals. LUMC works closely with Leiden University in these "
        "interdisciplinary programmes:</p>",
    ),
    "global_phd_intro": (
        "Global PhD",
        "<p>As many as eight Global PhD projects have been initiated, collaborating with students "
        "from and institutes in Brazil, Indonesia, Tanzania, Belgium, Sweden and Ethiopia.</p>"
        "<p>Through these Global PhD projects we aim to strengthen LUMC’s international position "
        "and international relations, but most of all, these collaborations help us to "
        "contribute to global health(care) challenges.</p>",
    ),
}

# Where each text goes: (page, section anchor), or no anchor for the page's own introduction.
TEXT_PLACES = {
    "research_intro": ("research", None),
    "phd_and_postdocs": ("research", "phd-and-postdocs"),
    "research_funding": ("research", "research-funding"),
    "collaborations_intro": ("collaborations", None),
    "leiden_university": ("collaborations", "leiden-university"),
    "science_areas": ("collaborations", "science-areas"),
    "interdisciplinary_programmes": ("collaborations", "interdisciplinary-programmes"),
    "global_phd_intro": ("global-phd", None),
}


def load():
    for key, (page, anchor) in TEXT_PLACES.items():
        if anchor is None:
            sections = [(TEXTS[k][0], a, TEXTS[k][1]) for k, (p, a) in TEXT_PLACES.items()
                        if p == page and a]  # fmt: skip
            load_page(page, TEXTS[key][0], TEXTS[key][1], sections=sections)
    for position, (value, label, year, source) in enumerate(KEY_FIGURES):
        KeyFigure.objects.get_or_create(
            label=label,
            defaults={"value": value, "year": year, "source": source, "position": position} | LIVE,
        )
    for position, (title, subtitle) in enumerate(THEMES):
        ResearchTheme.objects.get_or_create(
            title=title, defaults={"subtitle": subtitle, "position": position} | LIVE
        )
    for position, title in enumerate(PROFILES):
        ResearchProfile.objects.get_or_create(title=title, defaults={"position": position} | LIVE)
    partners = {}
    for name, short_name, kind, city, country, website, description in PARTNERS:
        partners[name], _created = PartnerInstitution.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "kind": kind,
                "city": city,
                "country": country,
                "website": website,
                "description": description,
            }
            | LIVE,
        )
    for position, (name, short, size, description, role, website, members) in enumerate(ALLIANCES):
        alliance, created = Alliance.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "size": size,
                "description": description,
                "lumc_role": role,
                "website": website,
                "position": position,
            }
            | LIVE,
        )
        if created:
            alliance.members.set([partners[member] for member in members])
    for position, title in enumerate(CLUSTERS):
        ScienceAreaCluster.objects.get_or_create(
            title=title, defaults={"position": position} | LIVE
        )
    for position, (title, short_name) in enumerate(PROGRAMMES):
        InterdisciplinaryProgramme.objects.get_or_create(
            title=title,
            defaults={"short_name": short_name, "start_year": 2020, "position": position} | LIVE,
        )
    for code, country in GLOBAL_PHD_COUNTRIES:
        Project.objects.get_or_create(
            kind=Project.Kind.GLOBAL_PHD,
            title=f"Global PhD with partners in {country}",
            defaults={
                "summary": f"Global PhD research with students from and institutes in {country}.",
                "partner_countries": [code],
            }
            | LIVE,
        )
    delft, created = Project.objects.get_or_create(
        kind=Project.Kind.COLLABORATION,
        title="Healthy neighbourhoods: Delft Global, Hogeschool Leiden and LUMC Global",
        defaults={
            "summary": DELFT,
            "progress": Project.Progress.COMPLETED,
            "body": "<p>Medical and architecture students engaged in the globally oriented "
            "programme initiated by the Faculty of Architecture at TU Delft (TUD-BK), Leiden "
            "University Medical Center (LUMC) and Leiden Centre for Applied Bioscience (LCAB). "
            "The resulting pilot study was the first of its kind and provided a valuable "
            "experience for both students and mentors.</p>",
        }
        | LIVE,
    )
    if created:
        delft.partners.set(
            [
                partners["Delft University of Technology"],
                partners["Hogeschool Leiden"],
                partners["Leiden Centre for Applied Bioscience"],
            ]
        )
    leading, created = Project.objects.get_or_create(
        kind=Project.Kind.FELLOWSHIP,
        title="LEaDing Fellows",
        defaults={
            "summary": "A programme for international young researchers at LUMC.",
            "body": "<p>This project has received funding from the European Union’s Horizon 2020 "
            "research and innovation programme under the Marie Skłodowska-Curie grant agreement "
            "No 707404.</p>",
        }
        | LIVE,
    )
    if created:
        leading.partners.set([partners["European Commission"]])
