"""
The site-wide texts of the current LUMC Global site, as records.

Loading creates what is missing and leaves what exists alone, so running it
again changes nothing and never overwrites an editor's changes.
"""

from django.utils.html import linebreaks

from editorial.demo import load_page

from .models import SocialLink

PLATFORM = """\
The LUMC Global platform is an essential part of our goal to innovate and improve healthcare. \
We actively seek out opportunities for international collaboration and foster and further \
build upon existing international partnerships.

As an innovator, the LUMC stands for the continuous improvement of healthcare and the health of \
all people. As a knowledge institute with a strong international focus, we realise this mission \
by achieving optimal and innovative care for patients based on leading research and innovative \
education."""

MISSION_AND_VISION = """\
LUMC Global is a platform for international connectivity in research, education and care. We \
reach out, stimulate, consolidate, and streamline multilateral initiatives that will generate \
the future leaders in health science. These leaders will transcend borders.

Our medical centre not only excels in (bio)medical education and research, but also in \
innovative care provision and technology. This provides us with a unique profile to make a \
global impact on improving healthcare and the health of all people. LUMC Global is, thus, an \
essential part of the organisation’s main strategy.

The LUMC Global program has already contributed to numerous initiatives for global outreach and \
international collaboration and connection. This way, we aim to benefit all parties involved \
and, ultimately, the field of medicine as a whole."""

LEIDEN_SCIENCE_CITY = """\
LUMC’s geographical location in Leiden Science City is exceptionally favourable. Western Europe \
is one of the leading regions in the world in Life Sciences & Health, with a high concentration \
of knowledge-intensive institutions. The province of South Holland, with its large \
concentration of companies in the Leiden Bio Science Park and the Medical Delta, is \
internationally recognised as an essential player in Life Sciences & Health.

Here, public and private parties work together on important (bio)medical and technological \
innovations and care renewal. We are always looking for regional, European and international \
connections with partners that are complementary to our objectives and that add value to \
improving and innovating global care, health and medicine."""

LUMC_PROFILE = """\
LUMC is a university medical center for research, education and patient care with a high \
quality profile and a strong scientific orientation and ranks as the 6th best medical research \
institute in Europe (Shanghai-ARWU 2014 & 2015). It has a unique research practice, ranging from \
pure fundamental medical research to applied clinical research. Researchers at LUMC work \
together around 7 medical research profiles: Vascular and Regenerative Medicine; Immunity, \
Infection and Tolerance; Translational Neuroscience; Cancer Pathogenesis and Therapy; Ageing; \
Innovation in Health Strategy and Quality of Care; and Biomedical Imaging.

LUMC is a center for medical innovation, committed to the advancement of health care and \
education in line with the latest international insights and standards - and aims to play a \
nationally and internationally recognized leading role in improving medicine and the quality of \
health care. The collaboration between LUMC, Leiden University and the Leiden Bio Science Park \
creates unique possibilities for medical innovation in the Leiden area. Furthermore, LUMC \
participates in the League of European Research Universities (LERU), a strong international \
network of 21 renowned research universities based in 10 European countries. EIT Health, \
Eurolife and Medical Delta are other (inter)national research alliances in which LUMC is \
involved.

LUMC’s well-structured and productive research and training environment annually results in \
~160 PhD theses and ~2.000 scientific publications with a citations score of 1.5 of the world \
mean (Mean Normalised Citation Score). Each year, LUMC welcomes many visiting scientists and \
foreign MSc/PhD students, with dedicate support by the Expat Centre Leiden for any issue when \
settling in the Netherlands/Leiden area.

LUMC is very successful in obtaining funding from external resources such as the European \
Union. For example, LUMC is/has been host institution of 19 granted European Research Council \
(ERC) projects. Currently, LUMC is active in 68 granted Horizon2020 projects (23 as \
coordinator), including 17 Marie Skłodowska-Curie Actions. Thus, LUMC has ample experience with \
training and supervision of international young researchers."""

STUDY_ABROAD = """\
The LUMC acts as a magnet for talent. We have a significant number of international students \
and encourage our students to gain international experience.

The Leiden University Medical Center (LUMC) believes in giving all her students the opportunity \
to go abroad. There are several options during the bachelor or master phase."""

PAGES = [
    {
        "key": "home",
        "title": "LUMC Global",
        "intro": (
            "The LUMC Global platform is an essential part of our goal to innovate and improve "
            "healthcare. We actively seek out opportunities for international collaboration and "
            "foster and further build upon existing international partnerships."
        ),
        "description": (
            "LUMC Global is the international platform of Leiden University Medical Center: "
            "partnerships, exchange for students, research collaborations, news and events."
        ),
        "sections": [
            ("Mission & Vision", "mission-and-vision", MISSION_AND_VISION),
            ("Studying abroad", "study-abroad", STUDY_ABROAD),
        ],
    },
    {
        "key": "about",
        "title": "About LUMC Global",
        "intro": (
            "LUMC Global is fostering a model where research and education are intertwined. "
            "It has a focus on several selected centres worldwide."
        ),
        "description": (
            "What LUMC Global is, its mission and vision, Leiden Science City and the profile "
            "of Leiden University Medical Center."
        ),
        "sections": [
            ("The platform", "the-platform", PLATFORM),
            ("Mission & Vision", "mission-and-vision", MISSION_AND_VISION),
            (
                "Leiden Science City, Leiden Bio Science Park and Medical Delta",
                "leiden-science-city",
                LEIDEN_SCIENCE_CITY,
            ),
            ("About Leiden University Medical Center (LUMC)", "about-lumc", LUMC_PROFILE),
        ],
    },
    {
        "key": "contact",
        "title": "Contact",
        "intro": (
            "Get in touch! We are constantly looking for new connections to join us in "
            "collaborative efforts to improve healthcare and people’s health globally."
        ),
        "description": "Questions or ideas for LUMC Global? Send us a message.",
        "sections": [
            (
                "Questions or ideas?",
                "questions-or-ideas",
                "Should you have any questions or ideas, you can reach us with the form on this "
                "page. You can also follow us on social media.",
            ),
        ],
    },
    {
        "key": "newsletter",
        "title": "Newsletter",
        "intro": "Stay up to date with news, inspirations and events.",
        "description": "Subscribe to news, inspirations and events from LUMC Global.",
        "sections": [
            (
                "How it works",
                "how-it-works",
                "After you sign up we send you an email with a link. Your subscription starts "
                "once you have opened that link, so nobody can subscribe you without your "
                "consent.\n\nEvery email we send has a link to unsubscribe with one click.",
            ),
        ],
    },
]

# Addresses of LUMC's own accounts; editors keep them current in the admin.
SOCIAL_LINKS = [
    ("LinkedIn", "https://www.linkedin.com/company/leiden-university-medical-center/"),
    ("X (Twitter)", "https://x.com/LUMC_Leiden"),
]


def load():
    for data in PAGES:
        load_page(
            data["key"],
            data["title"],
            linebreaks(data["intro"]),
            data["description"],
            [(heading, anchor, linebreaks(body)) for heading, anchor, body in data["sections"]],
        )
    for position, (name, url) in enumerate(SOCIAL_LINKS):
        SocialLink.objects.get_or_create(
            name=name, defaults={"url": url, "position": position, "status": "published"}
        )
