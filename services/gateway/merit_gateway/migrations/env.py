from merit_gateway.models import Base
from merit_shared.migrations import run_env

run_env(Base.metadata)
