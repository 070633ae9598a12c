"""Keys and files of the offline exchange between communes and their receiving office.

Pure: no SQL, no Qt. ``keys`` (age X25519 + Ed25519 key pairs, fingerprints, recovery sheet),
``config`` (the office's signed config, device enrolment, key rotation), the signed, age-encrypted
data file (``bundle_format`` its layout, ``bundle_writer`` writing one, ``bundle`` opening one),
``merge`` (which row version wins), ``receipt`` (the office's signed acknowledgement) and ``errors`` (every refusal is a ``UserError`` with a clear sentence).
"""
