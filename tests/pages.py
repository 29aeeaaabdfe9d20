"""The public pages every page-wide check runs over."""

# Path, and what its <h1> says.
PUBLIC_PAGES = {
    "/": "LUMC Global",
    "/about/": "About LUMC Global",
    "/contact/": "Contact",
    "/contact/thanks/": "Thank you, your message has been sent",
    "/newsletter/": "Newsletter",
    "/newsletter/thanks/": "Check your inbox",
    "/people/": "People",
    "/people/suze-kruisheer/": "Suze Kruisheer",
    "/research/": "Research",
    "/research/themes/lifecourse/": "Lifecourse",
    "/research/collaborations/": "Collaborations and alliances",
    "/research/partners/": "Partner institutions",
    "/research/partners/?country=NL&kind=university": "Partner institutions",
    "/research/partners/karolinska-institutet/": "Karolinska Institutet",
    "/research/global-phd/": "Global PhD",
    "/research/projects/": "Projects",
    "/research/projects/leading-fellows/": "LEaDing Fellows",
    "/exchange/": "Exchange finder",
    "/exchange/?programme=biomedical-sciences&level=bachelor&year=2": "Exchange finder",
    "/exchange/half-minor-abroad-biomedical-sciences-bachelor/": "Half minor abroad",
    "/exchange/compare/?option=elective-area-medicine-master&option=lumc-summer-schools": (
        "Compare exchange options"
    ),
    "/exchange/shortlist/?option=lumc-summer-schools": "My shortlist",
    "/programmes/": "Programmes",
    "/programmes/medicine/": "Medicine",
    "/events/": "Events",
    "/events/past/": "Past events",
    "/events/past/?year=2022": "Past events 2022",
    "/events/global-impact-in-health-symposium/": "Global Impact in Health symposium",
    "/events/csc-fair-2021/": "CSC Fair 2021",
    "/news/": "News",
    "/news/8-global-phds/": "8 Global PhDs",
    "/search/": "Search",
    "/search/?q=summer+school": "Search",
    "/search/?q=nothing-matches-this": "Search",
    "/search/?q=karolinksa": "Search",  # "Did you mean Karolinska?"
}

# Admin screens staff use for people, images and paused sign-ins, which must be as
# accessible as the public pages; {person} stands for a person's id.
ADMIN_PAGES = [
    "/admin/",
    "/admin/people/person/",
    "/admin/people/person/add/",
    "/admin/people/person/{person}/change/",
    "/admin/people/person/{person}/history/",
    "/admin/people/team/",
    "/admin/editorial/image/",
    "/admin/editorial/image/add/",
    "/admin/axes/accessattempt/",
]
