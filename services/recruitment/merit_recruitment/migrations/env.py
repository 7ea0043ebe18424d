from merit_recruitment.models import Base
from merit_shared.migrations import run_env

run_env(Base.metadata)
