"""Every hostile value in every field of every page (query parameters and form fields).

Never a 500; control and bidi characters refused with 400 wherever they appear; no page shows
markup it was sent; every redirect stays on this site. The values are in corpus.py, the pages and
their fields in endpoints.py.
"""

import pytest

from tests.security.corpus import VALUES
from tests.security.endpoints import ENDPOINTS, field_cases
from tests.security.support import run_field_case

pytestmark = pytest.mark.django_db

CASES = [case for case in field_cases() if ENDPOINTS[case[0]].api is False]


@pytest.mark.parametrize("endpoint,field,value", CASES, ids=[":".join(case) for case in CASES])
def test_hostile_value_in_a_field(world, ids, client_as, endpoint, field, value):
    run_field_case(client_as, ids, ENDPOINTS[endpoint], field, VALUES[value])
