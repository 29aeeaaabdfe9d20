"""The public pages every page-wide check runs over."""

# Path, and what its <h1> says.
PUBLIC_PAGES = {
    "/": "LUMC Global",
    "/about/": "About LUMC Global",
    "/contact/": "Contact",
    "/contact/thanks/": "Thank you, your message has been sent",
    "/newsletter/": "Newsletter",
    "/newsletter/thanks/": "Check your inbox",
}
