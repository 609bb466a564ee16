"""What sockets send: validated with the same base schema as HTTP bodies."""

import uuid

from expertbook.kit.schema import Schema


class WatchExpert(Schema):
    """`watchExpert` and `unwatchExpert`: the expert whose public slots to follow."""

    expert_id: uuid.UUID
