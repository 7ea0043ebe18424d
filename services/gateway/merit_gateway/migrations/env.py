from merit_shared.migrations import run_env

from merit_gateway.models import Base

run_env(Base.metadata)
