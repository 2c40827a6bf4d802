"""Length-delimited protobuf records, as events.pb holds them: each record
preceded by its byte size as a varint (the framing of protobuf's
writeDelimitedTo / parseDelimitedFrom), read with the standard library."""


def _varint(buf, pos):
    shift = result = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def read_delimited(data, message_type):
    """Every record of `data` (bytes), parsed as `message_type`, in order."""
    records, pos = [], 0
    while pos < len(data):
        size, pos = _varint(data, pos)
        record = message_type()
        record.ParseFromString(data[pos:pos + size])
        pos += size
        records.append(record)
    return records
