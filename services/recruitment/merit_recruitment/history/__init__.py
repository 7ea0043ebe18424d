"""History the applicant declares with SK evidence (issue #12): past posts and ranks the registry lacks, counted
by the eligibility rules once the agency's verifier has verified them."""
