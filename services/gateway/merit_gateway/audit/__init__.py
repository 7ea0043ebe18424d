"""audit area: one audit view across the services for the inspectorate (auditor), the agency admin and the PPK."""
