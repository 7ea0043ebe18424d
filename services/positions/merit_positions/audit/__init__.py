"""audit area: the agency admin reads the audit trail."""
