"""
The degree programmes and every exchange option of the current site, as records.
Loading twice changes nothing and never overwrites an editor's changes.

The current site lists the options in groups under programme headings, but three
groups lost their heading. Following the site's order (bachelor first, then
master) they are:
- after the bachelor's Biomedical Sciences: the Medicine bachelor (half minors);
- after the master's Biomedical Sciences: the Medicine master (research internship,
  clinical rotations, and "elective area year 6", Medicine's sixth year being the
  third year of its master);
- after Vitality & Ageing: Pharmacy (master).
"""

from editorial.demo import load_page
from editorial.models import Publishable
from research.models import PartnerInstitution

from .models import ExchangeOption, Level, Programme

LIVE = {"status": Publishable.Status.PUBLISHED}
Kind = ExchangeOption.Kind
Semester = ExchangeOption.Semester

# (title, bachelor, master); the site's list of programmes with LUMC and Leiden University.
PROGRAMMES = [
    ("Medicine", True, True),
    ("Biomedical Sciences", True, True),
    ("Clinical Technology", True, False),
    ("Vitality and Ageing", False, True),
    ("Pharmacy", False, True),
    ("Technical Medicine", False, True),
    ("Population Health Management Excellence Programme", False, True),
]

HALF_MINOR_COUNTRIES = ["CU", "GB", "ID", "FR"]  # Scotland is in the United Kingdom (GB)


def option(title, kind, programme, level, **fields):
    return {"title": title, "kind": kind, "programme": programme, "level": level, **fields}


OPTIONS = [
    # Biomedical Sciences, bachelor
    option(
        "Courses at Karolinska Institutet", Kind.COURSE, "Biomedical Sciences", Level.BACHELOR,
        in_year_2=True, semester=Semester.EITHER, destinations=["Karolinska Institutet"],
        summary="Year 2, semester 1 or 2; courses at Karolinska Institutet, Sweden.",
    ),
    option(
        "Half minor abroad", Kind.MINOR, "Biomedical Sciences", Level.BACHELOR,
        in_year_3=True, semester=Semester.FIRST, destination_countries=HALF_MINOR_COUNTRIES,
        find_your_own=True,
        summary="Year 3, semester 1; half minors (Cuba, UK, Indonesia, France and Scotland) "
        "or find something yourself.",
    ),
    # The site names Leuven and Stockholm as examples; the partners there are
    # KU Leuven and Karolinska Institutet (Stockholm), and students may find
    # another place.
    option(
        "Research internship abroad", Kind.RESEARCH_INTERNSHIP, "Biomedical Sciences",
        Level.BACHELOR, in_year_3=True, min_weeks=16, max_weeks=16,
        destinations=["KU Leuven", "Karolinska Institutet"], find_your_own=True,
        summary="Research internship year 3; 16 weeks: student research project in Leuven, "
        "Belgium or Stockholm, Sweden for example.",
    ),
    # Medicine, bachelor (heading lost; see above)
    option(
        "Half minor abroad", Kind.MINOR, "Medicine", Level.BACHELOR, in_year_3=True,
        destination_countries=[*HALF_MINOR_COUNTRIES, "FI"], find_your_own=True,
        summary="Half minors in year 3; (Cuba, UK, Indonesia, France, Scotland and Finland) or "
        "find something yourself.",
    ),
    # Biomedical Sciences, master
    option(
        "Frontiers of Science (FOS) courses", Kind.COURSE, "Biomedical Sciences", Level.MASTER,
        destinations=["Karolinska Institutet", "Heidelberg University"],
        summary="Frontiers of Science (FOS) courses at Karolinska Institutet, Sweden and "
        "Heidelberg University, Germany.",
    ),
    option(
        "Junior Research Project I or II", Kind.JUNIOR_RESEARCH_PROJECT, "Biomedical Sciences",
        Level.MASTER, min_weeks=26, max_weeks=39, duration_as_written="6 to 9 months",
        find_your_own=True, summary="Research: Junior Research Project I or II; 6 to 9 months.",
    ),
    # Medicine, master (heading lost; see above)
    option(
        "Research internship (wetenschapsstage)", Kind.RESEARCH_INTERNSHIP, "Medicine",
        Level.MASTER, in_year_1=True, in_year_3=True, min_weeks=18, max_weeks=28,
        find_your_own=True,
        summary="Research: internship (Dutch: wetenschapsstage) 18 to 28 weeks in year 1 or 3 "
        "of the master.",
    ),
    option(
        "Clinical rotations", Kind.CLINICAL_ROTATION, "Medicine", Level.MASTER,
        find_your_own=True, summary="Clinical rotations abroad.",
    ),
    option(
        "Elective area", Kind.ELECTIVE, "Medicine", Level.MASTER, in_year_3=True,
        min_weeks=10, max_weeks=10, duration_as_written="year 6, 10 weeks", find_your_own=True,
        summary="Elective area year 6 (10 weeks).",
    ),
    # Vitality and Ageing, master
    option(
        "Research internship", Kind.RESEARCH_INTERNSHIP, "Vitality and Ageing", Level.MASTER,
        min_weeks=10, max_weeks=10, find_your_own=True, summary="Research: internship (10 weeks).",
    ),
    # Pharmacy, master (heading lost; see above)
    option(
        "Elective area", Kind.ELECTIVE, "Pharmacy", Level.MASTER, min_weeks=10, max_weeks=10,
        find_your_own=True, summary="Elective area (10 weeks).",
    ),
    option(
        "Research internship", Kind.RESEARCH_INTERNSHIP, "Pharmacy", Level.MASTER,
        min_weeks=21, max_weeks=21, find_your_own=True, summary="Research: internship (21 weeks).",
    ),
    # Technical Medicine, master
    option(
        "Elective area", Kind.ELECTIVE, "Technical Medicine", Level.MASTER, find_your_own=True,
        summary="Elective area.",
    ),
    option(
        "Research internship", Kind.RESEARCH_INTERNSHIP, "Technical Medicine", Level.MASTER,
        find_your_own=True, summary="Research: internship.",
    ),
    # Open to every student, at LUMC itself
    option(
        "LUMC summer schools", Kind.SUMMER_SCHOOL, None, "", semester=Semester.SUMMER,
        destination_countries=["NL"],
        summary="Every year, the LUMC organises several high impact summer schools for "
        "(international) (PhD/MSc) students wanting to obtain specific knowledge and skills on "
        "specific topics. Our upcoming summer schools will be available virtually.",
    ),
    option(
        "Free online courses", Kind.ONLINE_COURSE, None, "", semester=Semester.ANY_TIME,
        rolling=True,
        summary="The Leiden University Medical Center (LUMC) offers a large variety of "
        "interesting free online courses in the field of medicine and about many other, often "
        "related topics. Feel free to join one!",
    ),
]  # fmt: skip


FINDER_INTRO = (
    "<p>The Leiden University Medical Center (LUMC) believes in giving all her students the "
    "opportunity to go abroad. Find the options that fit your programme and year, compare them, "
    "and keep a shortlist.</p>"
)


def load():
    load_page("exchange", "Exchange finder", FINDER_INTRO)
    programmes = {}
    for position, (title, bachelor, master) in enumerate(PROGRAMMES):
        programmes[title], _created = Programme.objects.get_or_create(
            title=title,
            defaults={"offers_bachelor": bachelor, "offers_master": master, "position": position}
            | LIVE,
        )
    for data in OPTIONS:
        fields = dict(data)
        destinations = fields.pop("destinations", [])
        programme = programmes.get(fields.pop("programme"))
        title = fields.pop("title")
        level = fields.pop("level")
        # Titles repeat across programmes ("Elective area"): the slug says whose it is.
        slug = ExchangeOption().unique_slug(f"{title} {programme or ''} {level}")
        made, created = ExchangeOption.objects.get_or_create(
            title=title, programme=programme, level=level, defaults={**fields, "slug": slug, **LIVE}
        )
        if created:
            made.destinations.set(PartnerInstitution.objects.filter(name__in=destinations))
