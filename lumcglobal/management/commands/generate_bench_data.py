"""
Fill the database with years of published, related content, for benchmarks.

    manage.py generate_bench_data --scale 1     # 300 people, 1,000 partners, 3,000 options,
                                                # 5,000 events, 10,000 news items, 100 projects
    manage.py generate_bench_data --scale 10    # ten times as much: ten years of content

On top of the demo content (loaded first when the database has none). The
same scale and seed always make the same records; running it again first
removes what it made before (every generated address starts with "bench-").
Rows go in with bulk inserts, many-to-many links included: minutes, not hours.
Never point it at a database that matters.
"""

import random
import time
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from events.models import Event, NewsItem
from people.models import Person, Team
from programmes.models import ExchangeOption, Level, Programme
from research.models import PartnerInstitution, Project, ResearchTheme

# How many of each per unit of scale.
SHAPE = {
    Person: 300,
    PartnerInstitution: 1_000,
    ExchangeOption: 3_000,
    Event: 5_000,
    NewsItem: 10_000,
    Project: 100,
}
PREFIX = "bench-"
BATCH = 2_000

FIRST = (
    "Anna Bram Chen Daan Eva Farah Gijs Hana Ivo Jun Kim Lars Mila Noor Omar Pia Rui Sara Tom Yara"
)
LAST = "Bakker Chen Dijkstra Evers Fischer Garcia Haddad Ito Jansen Kowalski Li Mendes Nowak Okafor"
CITIES = [
    ("Stockholm", "SE"),
    ("Uppsala", "SE"),
    ("Leuven", "BE"),
    ("Ghent", "BE"),
    ("Berlin", "DE"),
    ("Heidelberg", "DE"),
    ("Paris", "FR"),
    ("Lyon", "FR"),
    ("Barcelona", "ES"),
    ("Madrid", "ES"),
    ("Bologna", "IT"),
    ("Milan", "IT"),
    ("Vienna", "AT"),
    ("Zurich", "CH"),
    ("Oslo", "NO"),
    ("Copenhagen", "DK"),
    ("Helsinki", "FI"),
    ("Krakow", "PL"),
    ("Prague", "CZ"),
    ("Lisbon", "PT"),
    ("Dublin", "IE"),
    ("Edinburgh", "GB"),
    ("Toronto", "CA"),
    ("Boston", "US"),
    ("Seattle", "US"),
    ("Sao Paulo", "BR"),
    ("Bandung", "ID"),
    ("Yogyakarta", "ID"),
    ("Cape Town", "ZA"),
    ("Nairobi", "KE"),
    ("Kampala", "UG"),
    ("Accra", "GH"),
    ("Tokyo", "JP"),
    ("Osaka", "JP"),
    ("Seoul", "KR"),
    ("Shanghai", "CN"),
    ("Singapore", "SG"),
    ("Sydney", "AU"),
    ("Suriname", "SR"),
    ("Willemstad", "CW"),
]
WORDS = [
    "global",
    "health",
    "research",
    "exchange",
    "clinical",
    "training",
    "surgery",
    "paediatrics",
    "immunology",
    "oncology",
    "infection",
    "epidemiology",
    "genetics",
    "imaging",
    "cardiology",
    "neuroscience",
    "public",
    "medicine",
    "students",
    "partners",
    "cooperation",
    "elective",
    "internship",
    "semester",
    "minor",
    "course",
    "laboratory",
    "hospital",
    "community",
    "tropical",
    "vaccine",
    "data",
    "ethics",
    "innovation",
]


class Command(BaseCommand):
    help = "Fill the database with published, related content of a given scale, for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="1 is about a year of content")
        parser.add_argument("--seed", type=int, default=2026, help="the same seed, the same data")

    def handle(self, *args, scale, seed, **options):
        if scale < 1:
            raise CommandError("The scale is a whole number of 1 or more.")
        started = time.monotonic()
        made = self.generate(scale, seed)
        if connection.vendor == "postgresql":
            # Fresh statistics and visibility, as autovacuum keeps them on a live database:
            # without them the planner guesses the bulk-filled tables are small.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        seconds = time.monotonic() - started
        for model, count in made.items():
            self.stdout.write(f"{count:>9,} {model._meta.verbose_name_plural}")
        self.stdout.write(self.style.SUCCESS(f"Made at scale {scale} in {seconds:.0f} s."))

    def generate(self, scale, seed=2026):
        """
        Make the records of `scale` (a fraction, such as 0.1, makes that share of each,
        for tests) in one transaction; {model: how many}.
        """
        if not Programme.objects.exists():
            call_command("load_demo_content", verbosity=0)
        self.random = random.Random(seed)
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        with transaction.atomic():
            self.remove_earlier()
            made = self.make(scale)
            call_command("rebuild_search_index", stdout=self.stdout)  # bulk inserts send no signals
        return made

    def remove_earlier(self):
        for model in reversed(SHAPE):
            model._default_manager.filter(slug__startswith=PREFIX).delete()

    def published(self, days_ago=400):
        return {
            "status": Person.Status.PUBLISHED,
            "publish_from": self.now - timedelta(days=days_ago),
        }

    def text(self, words):
        return " ".join(self.random.choice(WORDS) for _ in range(words)).capitalize() + "."

    def rich(self, sentences):
        return "".join(f"<p>{self.text(14)}</p>" for _ in range(sentences))

    def bulk(self, model, rows):
        model._default_manager.bulk_create(rows, batch_size=BATCH)
        return list(
            model._default_manager.filter(slug__startswith=PREFIX)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def link(self, field, pairs):
        """Many-to-many links, as (item id, linked id) pairs, in bulk."""
        through = field.remote_field.through
        source, target = (f.attname for f in through._meta.concrete_fields if f.many_to_one)
        through._default_manager.bulk_create(
            [through(**{source: a, target: b}) for a, b in dict.fromkeys(pairs)],
            batch_size=BATCH,
        )

    def some(self, ids, most):
        return self.random.sample(ids, self.random.randint(0, min(most, len(ids))))

    def make(self, scale):
        pick = self.random.choice
        count = {model: max(1, round(per * scale)) for model, per in SHAPE.items()}
        first, last = FIRST.split(), LAST.split()
        themes = list(ResearchTheme.objects.values_list("pk", flat=True))
        programmes = list(Programme.objects.values_list("pk", flat=True))
        team = Team.objects.get_or_create(name="Bench team")[0]

        people = self.bulk(
            Person,
            [
                Person(
                    name=f"{pick(first)} {pick(last)} {number}",
                    slug=f"{PREFIX}person-{number}",
                    role=self.text(3),
                    team=team,
                    quote=self.text(8),
                    bio=self.rich(2),
                    position=number,
                    **self.published(),
                )
                for number in range(count[Person])
            ],
        )
        kinds = list(PartnerInstitution.Kind.values)
        partners = self.bulk(
            PartnerInstitution,
            [
                PartnerInstitution(
                    name=f"{pick(['University', 'Medical Centre', 'Institute'])} of {city} {n}",
                    slug=f"{PREFIX}partner-{n}",
                    kind=pick(kinds),
                    city=city,
                    country=code,
                    website=f"https://partner-{n}.example.org/",
                    description=self.rich(2),
                    **self.published(),
                )
                for n, (city, code) in ((n, pick(CITIES)) for n in range(count[PartnerInstitution]))
            ],
        )
        options = self.bulk(
            ExchangeOption,
            [
                ExchangeOption(
                    title=f"{pick(['Elective', 'Internship', 'Minor'])} in {self.text(2)} {n}",
                    slug=f"{PREFIX}option-{n}",
                    kind=pick(ExchangeOption.Kind.values),
                    summary=self.text(20),
                    description=self.rich(3),
                    programme_id=pick(programmes),
                    level=pick(Level.values),
                    in_year_1=n % 3 == 0,
                    in_year_2=n % 3 == 1,
                    in_year_3=n % 5 == 0,
                    language=pick(ExchangeOption.Language.values),
                    min_weeks=4,
                    max_weeks=pick([8, 12, 20]),
                    deadline=(self.now + timedelta(days=self.random.randint(-365, 365))).date(),
                    how_to_apply=self.rich(1),
                    housing=self.text(12),
                    **self.published(),
                )
                for n in range(count[ExchangeOption])
            ],
        )
        self.link(
            ExchangeOption._meta.get_field("destinations"),
            [(option, partner) for option in options for partner in self.some(partners, 2)],
        )
        span = max(30, round(365 * scale))  # a year of events and news per unit of scale
        events = []
        for n in range(count[Event]):
            start = self.now + timedelta(days=self.random.randint(-span, 120), hours=9)
            events.append(
                Event(
                    title=f"{pick(['Symposium', 'Lecture', 'Workshop'])} on {self.text(3)} {n}",
                    slug=f"{PREFIX}event-{n}",
                    kind=pick(Event.Kind.values),
                    summary=self.text(20),
                    body=self.rich(3),
                    start=start,
                    end=start + timedelta(hours=3),
                    city="Leiden",
                    country="NL",
                    **self.published(),
                )
            )
        events = self.bulk(Event, events)
        for name, targets, most in [
            ("partners", partners, 2),
            ("speakers", people, 2),
            ("themes", themes, 2),
        ]:
            self.link(
                Event._meta.get_field(name),
                [(event, target) for event in events for target in self.some(targets, most)],
            )
        news = self.bulk(
            NewsItem,
            [
                NewsItem(
                    title=f"{self.text(6)[:-1]} {n}",
                    slug=f"{PREFIX}news-{n}",
                    date=(self.now - timedelta(days=self.random.randint(0, span))).date(),
                    summary=self.text(25),
                    body=self.rich(4),
                    **self.published(),
                )
                for n in range(count[NewsItem])
            ],
        )
        for name, targets, most in [
            ("people", people, 2),
            ("partners", partners, 1),
            ("themes", themes, 1),
        ]:
            self.link(
                NewsItem._meta.get_field(name),
                [(item, target) for item in news for target in self.some(targets, most)],
            )
        projects = self.bulk(
            Project,
            [
                Project(
                    kind=pick(Project.Kind.values),
                    title=f"{self.text(5)[:-1]} {n}",
                    slug=f"{PREFIX}project-{n}",
                    summary=self.text(25),
                    body=self.rich(2),
                    start_year=self.now.year - self.random.randint(0, 4),
                    **self.published(),
                )
                for n in range(count[Project])
            ],
        )
        for name, targets, most in [
            ("partners", partners, 2),
            ("themes", themes, 2),
            ("supervisors", people, 2),
        ]:
            self.link(
                Project._meta.get_field(name),
                [(project, target) for project in projects for target in self.some(targets, most)],
            )
        return count
