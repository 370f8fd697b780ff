"""Views of the pages: each page is a guard plus a call into one of these modules; the case
page's views by kind are listed in ui/case_views.py."""
