"""
The news and events of the current site, each as an event or a news item, with
the dates the site gives; loading twice changes nothing.

Where the site gives only a year (the CSC fairs, LIMSC 2021, the 2021 summer
schools), the event runs over that year and is marked as known to the year only.
News items the site gives no date for have none.
"""

from datetime import date, timedelta

from editorial.models import Publishable
from people.models import Person
from research.models import PartnerInstitution

from .models import DatePrecision, Event, NewsItem, local_midnight

LIVE = {"status": Publishable.Status.PUBLISHED}
Kind = Event.Kind
Attendance = Event.Attendance


def days(first, last):
    """An all-day event from `first` to `last`, inclusive, in Amsterdam."""
    return {
        "start": local_midnight(first),
        "end": local_midnight(last + timedelta(days=1)),
        "all_day": True,
    }


def year(number):
    return days(date(number, 1, 1), date(number, 12, 31)) | {"date_precision": DatePrecision.YEAR}


EVENTS = [
    {
        "title": "Eurolife summer school DATAETHICS 2022 Barcelona",
        "kind": Kind.SUMMER_SCHOOL,
        **days(date(2022, 7, 4), date(2022, 7, 8)),
        "attendance": Attendance.IN_PERSON,
        "city": "Barcelona",
        "country": "ES",
        "summary": "From July 4 till 8, the Universitat de Barcelona organized the in-person "
        "DATAETHICS summer school within the Eurolife consortium, which the LUMC is a part of.",
        "body": "<p>LUMC contributed to the summer school in a small part in organizing the "
        "summer school, but mostly by involving LUMC speakers in the programme.</p>",
        "organisers": ["Universitat de Barcelona"],
    },
    {
        "title": "Global Impact in Health symposium",
        "kind": Kind.SYMPOSIUM,
        **days(date(2022, 5, 30), date(2022, 5, 30)),
        "attendance": Attendance.IN_PERSON,
        "city": "Leiden",
        "country": "NL",
        "summary": "On May 30th, international experts and politicians gathered in Leiden to "
        "discuss global health issues.",
        "body": "<p>Lively discussions were held on matters concerning equal worldwide access to "
        "vaccines and diversity within clinical research. New scientific insights were also "
        "shared, including on vaccine response differences between African and European "
        "populations.</p><p>During the Global Impact in Health Symposium forces were joined with "
        "Leiden University, Health~Holland, Bristol Myers Squibb (BMS), Janssen, Philips and the "
        "Leiden Bio Science Park (LBSP). The aim was to bring together international experts "
        "and to stimulate new collaborations. Experts not only came from all over the world, but "
        "also from different branches, such as academia, politics, public or private sector.</p>",
        "partners": [
            "Leiden University",
            "Health~Holland",
            "Bristol Myers Squibb",
            "Janssen",
            "Philips",
            "Leiden Bio Science Park",
        ],
    },
    {
        "title": "Eurolife winter school DATAETHICS January 2022",
        "kind": Kind.WINTER_SCHOOL,
        **days(date(2022, 1, 24), date(2022, 1, 28)),
        "summary": "From the 24th till the 28th of January, the LUMC organized the Data Ethics "
        "winter school on behalf of the Eurolife consortium, an international, European network "
        "consisting of 9 European universities.",
        "body": "<p>The network focuses predominantly on biomedical sciences, but also related "
        "subjects in the field of Life Sciences &amp; Health.</p><p>We are very proud of the "
        "amazing success of the winter school and the exciting responses we’ve had from "
        "students. Students learned about the ethical dilemmas surrounding the use and "
        "implementation of data and AI models in (bio)medical practice.</p>",
    },
    {
        "title": "Expert webinar Innovations in Fetal Therapy",
        "kind": Kind.WEBINAR,
        **days(date(2021, 4, 15), date(2021, 4, 15)),
        "attendance": Attendance.ONLINE,
        "summary": "April 15th, 2021 marked a very special day for LUMC Global as we hosted the "
        "Innovations in Fetal Therapy webinar with our Obstetrics and Gynecology department.",
        "body": "<p>We welcomed over 280 attendees who witnessed the royal distinction of Prof. "
        "Dick Oepkes for his outstanding career in Fetal Therapy and his contributions to the "
        "field. The event was recorded.</p>",
    },
    {
        "title": "LIMSC 2021 Online",
        "kind": Kind.CONFERENCE,
        **year(2021),
        "attendance": Attendance.ONLINE,
        "summary": "LUMC Global helped the organizing committee of the Leiden International "
        "(Bio)Medical Student Conference (LIMSC) to promote 2021’s completely online edition of "
        "the event due to COVID-19.",
        "body": "<p>Global team member Evelien Hack also presented at the LIMSC on student "
        "exchange opportunities at the LUMC.</p>",
        "speakers": ["Evelien Hack"],
    },
    {
        "title": "CSC Fair 2021",
        "kind": Kind.FAIR,
        **year(2021),
        "attendance": Attendance.ONLINE,
        "summary": "The China Scholarship Council (CSC) fair is focused on recruiting top-tier "
        "aspiring PhD students. The LUMC had a strong representation at 2021’s virtual CSC fair.",
        "body": "<p>The LUMC Global platform facilitated the attending delegates in the setup and "
        "offered support with all enquiries surrounding the fair.</p>",
        "partners": ["China Scholarship Council"],
    },
    {
        "title": "CSC Fair 2020",
        "kind": Kind.FAIR,
        **year(2020),
        "attendance": Attendance.ONLINE,
        "summary": "The China Scholarship Council (CSC) fair is focused on recruiting top-tier "
        "aspiring PhD students. The LUMC had a strong representation at 2020’s virtual CSC fair.",
        "body": "<p>The LUMC Global platform facilitated the attending delegates in the setup and "
        "offered support with all enquiries surrounding the fair.</p>",
        "partners": ["China Scholarship Council"],
    },
    {
        "title": "TechMed summer school 2021",
        "kind": Kind.SUMMER_SCHOOL,
        **year(2021),
        "summary": "One of the LUMC summer schools of 2021 that the LUMC Global team supported.",
    },
    {
        "title": "Leiden-Brazil Data science in health & disease online summer school 2021",
        "kind": Kind.SUMMER_SCHOOL,
        **year(2021),
        "attendance": Attendance.ONLINE,
        "summary": "One of the LUMC summer schools of 2021 that the LUMC Global team supported.",
    },
]

NEWS = [
    {
        "title": "Multiple community events",
        "summary": "LUMC Global has organized and will organize several community events with "
        "colleagues from Leiden to discuss possibilities for collaboration on specific topics "
        "and with specific institutes and countries on a broad range of (bio)medical topics.",
    },
    {
        "title": "LUMC Global communicates!",
        "summary": "By setting up multiple communication platforms for LUMC Global, we can further "
        "work on reaching our goal of increasing our international exposure and connections.",
        "body": "<p>Since our set up, LUMC Global has reached thousands of people online with its "
        "publications and has gained thousands of followers on both Twitter and LinkedIn.</p>",
    },
    {
        "title": "Collaboration Delft Global, Hogeschool Leiden and LUMC Global",
        "summary": "What makes a healthy residential neighbourhood? Medical and architecture "
        "students engaged in a globally oriented programme.",
        "body": "<p>In recent times, this question has unsurprisingly gained relevance in both "
        "healthcare, and urban planning and design sectors. Can interdisciplinary research shed "
        "new light on the relation between housing conditions and vulnerability to pathogens "
        "such as SARS-CoV-2? Medical and architecture students engaged in the globally oriented "
        "programme initiated by the Faculty of Architecture at TU Delft (TUD-BK), Leiden "
        "University Medical Center (LUMC) and Leiden Centre for Applied Bioscience (LCAB). The "
        "resulting pilot study was the first of its kind and provided a valuable experience for "
        "both students and mentors.</p>",
        "partners": [
            "Delft University of Technology",
            "Hogeschool Leiden",
            "Leiden Centre for Applied Bioscience",
        ],
    },
    {
        "title": "8 Global PhDs",
        "summary": "As many as eight Global PhD projects have been initiated, collaborating with "
        "students from and institutes in Brazil, Indonesia, Tanzania, Belgium, Sweden and "
        "Ethiopia.",
        "body": "<p>Through these Global PhD projects we aim to strengthen LUMC’s international "
        "position and international relations, but most of all, these collaborations help us to "
        "contribute to global health(care) challenges.</p>",
    },
    {
        "title": "Repositioning the LUMC International Office",
        "summary": "The LUMC is restructuring its collaborative efforts with international "
        "partners in student mobility.",
        "body": "<p>Furthermore, communication channels and activities have been set up, "
        "rearranged or newly positioned to strengthen the visibility of the LUMC International "
        "Office and professionalize its services. One of the outcomes is our new promotional "
        "video!</p>",
    },
    {
        "title": "Involvement in multiple LUMC summer schools 2021",
        "date": date(2021, 1, 1),
        "date_precision": DatePrecision.YEAR,
        "summary": "The LUMC Global team has offered support to multiple colleagues and LUMC "
        "teams organizing international summer schools, like the TechMed summer school and the "
        "‘Leiden-Brazil Data science in health & disease online’ summer school.",
    },
]


def load():
    partners = {partner.name: partner for partner in PartnerInstitution.objects.all()}
    people = {person.name: person for person in Person.objects.all()}
    for data in EVENTS:
        fields = dict(data)
        relations = {name: fields.pop(name, []) for name in ["organisers", "partners", "speakers"]}
        event, created = Event.objects.get_or_create(
            title=fields.pop("title"), defaults=fields | LIVE
        )
        if created:
            event.organisers.set([partners[name] for name in relations["organisers"]])
            event.partners.set([partners[name] for name in relations["partners"]])
            event.speakers.set([people[name] for name in relations["speakers"]])
    for data in NEWS:
        fields = {"date": None, **data}
        related = fields.pop("partners", [])
        item, created = NewsItem.objects.get_or_create(
            title=fields.pop("title"), defaults=fields | LIVE
        )
        if created:
            item.partners.set([partners[name] for name in related])
