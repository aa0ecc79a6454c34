"""gunicorn's settings for the production image (``gunicorn -c python:leuvenhelpt.gunicorn_conf``).

The access log writes the method, the **path without the query string** (``%(U)s``), the status, the size
and the time taken. Never the query string (``%(q)s``), the full request line (``%(r)s``), the referring page
(``%(f)s``: another page's URL with its query string) or the user agent: whatever a form or a link might
carry in a query string stays out of the log (``tests/security/test_no_personal_data_in_urls.py``).
"""

bind = "0.0.0.0:8000"
workers = 4
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
