"""Demo data for the DPO area: one erasure request waiting for a decision (made once)."""

from accounts.models import User
from people.models import Person
from privacy.models import ErasureRequest
from privacy.services import erasure_file


def seed(*, stdout) -> None:
    dpo = User.objects.filter(email="dpo@leuvenhelpt.test").first()
    person = Person.objects.filter(full_name="Samira El Idrissi").first()
    if dpo is None or person is None or ErasureRequest.objects.exists():
        stdout.write("Privacy: demo erasure request already there.")
        return
    erasure_file(
        person=person, filed_by=dpo, message="Per brief van 2 december: wil dat al haar gegevens gewist worden."
    )
    stdout.write("Privacy: one erasure request waiting for the DPO.")
