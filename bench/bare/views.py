from datetime import date, timedelta

from django.shortcuts import render

# The same 26 cards every time, made once: the page reads no database.
CARDS = [
    {
        "title": f"Summer school on global health and data science, part {number}",
        "slug": f"summer-school-global-health-{number}",
        "date": date(2026, 1, 1) + timedelta(days=7 * number),
        "summary": (
            "Students and researchers from partner institutions meet in Leiden for two weeks "
            "of lectures, workshops and field visits on health & care across borders."
        ),
    }
    for number in range(1, 27)
]


def page(request):
    return render(request, "bare/page.html", {"title": "Bare page", "cards": CARDS})
