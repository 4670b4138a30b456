from .common import *  # noqa: F403
from .common import env_bool

DEBUG = env_bool("DEBUG", True)
