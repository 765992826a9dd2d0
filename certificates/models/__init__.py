from certificates.models.certificates import Certificate, CertificateDecision, CertificateSequence
from certificates.models.templates import CertificateLogo, CertificateSignature, CertificateTemplate

__all__ = [
    "Certificate", "CertificateDecision", "CertificateLogo", "CertificateSequence", "CertificateSignature",
    "CertificateTemplate",
]
