using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Kpipe.Pipeline.Records;

/// <summary>
/// Reads JSON objects one at a time from a JSON array or JSON lines stream with <see cref="Utf8JsonReader"/> over a
/// pooled, growing buffer: memory is bounded by the largest record, never by the file. <see cref="Current"/> holds the
/// record's raw JSON bytes exactly as they appear in the file and stays valid until the next read. In JSON lines a
/// malformed record costs only its line: the error is thrown as resumable and the next read starts at the next line.
/// Nesting is limited only by the record size (the reader finds records; whoever parses them sets its own depth).
/// </summary>
public sealed class JsonRecordReader : IDisposable
{
    private const int InitialBufferBytes = 64 * 1024;
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly int _maxRecordBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private JsonReaderState _state;
    private bool _started;
    private bool _finished;
    private int _recordStart;
    private int _recordLength;
    private long _line = 1;
    private long _columnOffset;

    // The 0-based file line at which _state began counting lines (it restarts at 0 after a resynchronisation).
    private long _stateLineBase;
    private bool _resynchronising;

    /// <summary>Reads records from <paramref name="stream"/>; a record larger than <paramref name="maxRecordBytes"/> is an error.</summary>
    public JsonRecordReader(Stream stream, int maxRecordBytes = 64 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordBytes, 2);
        _stream = stream;
        _maxRecordBytes = maxRecordBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
    }

    /// <summary>The detected layout; known after the first successful <see cref="ReadAsync"/>.</summary>
    public JsonRecordFormat? Format { get; private set; }

    /// <summary>Records read so far.</summary>
    public long RecordCount { get; private set; }

    /// <summary>The current record's raw JSON bytes.</summary>
    public ReadOnlyMemory<byte> Current => _buffer.AsMemory(_recordStart, _recordLength);

    /// <summary>The 1-based line the current record starts on.</summary>
    public long CurrentLine { get; private set; }

    /// <summary>Bytes of the stream consumed so far (for progress).</summary>
    public long BytesConsumed { get; private set; }

    /// <summary>Advances to the next record; false at the end of the stream.</summary>
    /// <exception cref="JsonRecordFormatException">The stream is not a JSON array or JSON lines of objects.</exception>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        // Most records are already in the buffer: answer those without entering an async state machine.
        if (_started && !_finished && !_resynchronising)
        {
            var step = TryReadRecord();
            if (step != Step.NeedMoreData || !_endOfStream)
            {
                return step switch
                {
                    Step.Record => new ValueTask<bool>(Counted()),
                    Step.End => new ValueTask<bool>(Finished()),
                    _ => ReadSlowAsync(cancellationToken),
                };
            }
        }

        return ReadSlowAsync(cancellationToken);
    }

    /// <summary>Returns the buffer to the pool; the stream belongs to the caller.</summary>
    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<bool> ReadSlowAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return false;
        }

        if (!_started)
        {
            await StartAsync(cancellationToken);
            if (_finished)
            {
                return false;
            }
        }

        while (true)
        {
            if (_resynchronising && !await SkipLineAsync(cancellationToken))
            {
                return Finished();
            }

            switch (TryReadRecord())
            {
                case Step.Record:
                    return Counted();
                case Step.End:
                    return Finished();
                case Step.NeedMoreData:
                    if (_endOfStream)
                    {
                        throw TruncatedError();
                    }

                    await FillAsync(cancellationToken);
                    break;
            }
        }
    }

    private bool Counted()
    {
        RecordCount++;
        return true;
    }

    private bool Finished()
    {
        _finished = true;
        return false;
    }

    private async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _started = true;
        while (true)
        {
            var first = FirstNonBlank();
            if (first >= 0)
            {
                var (line, column) = PositionOf(first);
                Format = _buffer[first] switch
                {
                    (byte)'[' => JsonRecordFormat.Array,
                    (byte)'{' => JsonRecordFormat.Lines,
                    _ => throw new JsonRecordFormatException(
                        $"expected a JSON array ('[') or JSON lines ('{{'), found '{(char)_buffer[first]}'", line, column),
                };
                _state = NewState();
                return;
            }

            if (_endOfStream)
            {
                _finished = true;
                return;
            }

            await FillAsync(cancellationToken);
        }
    }

    private int FirstNonBlank()
    {
        if (_end - _start >= 3 && _buffer.AsSpan(_start, 3).SequenceEqual(Utf8Bom))
        {
            _start += 3;
        }

        var blank = _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8);
        return blank < 0 ? -1 : _start + blank;
    }

    private (long Line, long Column) PositionOf(int index)
    {
        var before = _buffer.AsSpan(_start, index - _start);
        var lastNewLine = before.LastIndexOf((byte)'\n');
        return lastNewLine < 0
            ? (_line, _columnOffset + before.Length + 1)
            : (_line + before.Count((byte)'\n'), before.Length - lastNewLine);
    }

    private Step TryReadRecord()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _endOfStream, _state);
        try
        {
            while (true)
            {
                var before = reader.CurrentState;
                var consumedBefore = (int)reader.BytesConsumed;
                if (!reader.Read())
                {
                    return Advance(consumedBefore, before, Step.NeedMoreData, _endOfStream ? Step.End : Step.NeedMoreData);
                }

                if (Format == JsonRecordFormat.Array && reader.CurrentDepth == 0)
                {
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        continue;
                    }

                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        continue;
                    }
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    var (line, column) = PositionOf(_start + (int)reader.TokenStartIndex);
                    throw Damaged($"expected a JSON object, found {Describe(reader.TokenType)}", line, column);
                }

                var tokenStart = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    return Advance(consumedBefore, before, Step.NeedMoreData, Step.NeedMoreData);
                }

                _recordStart = _start + tokenStart;
                _recordLength = (int)reader.BytesConsumed - tokenStart;
                var invalid = InvalidUtf8At(_buffer.AsSpan(_recordStart, _recordLength));
                var position = invalid < 0 ? default : PositionOf(_recordStart + invalid);
                CurrentLine = PositionOf(_recordStart).Line;
                Commit((int)reader.BytesConsumed, reader.CurrentState);
                if (invalid >= 0)
                {
                    // The record is whole, so reading goes on after it in either layout.
                    throw new JsonRecordFormatException("the record is not valid UTF-8", position.Line, position.Column, resumable: true);
                }

                return Step.Record;
            }
        }
        catch (JsonException e)
        {
            throw Damaged(Describe(e), _stateLineBase + (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);
        }
    }

    // In JSON lines a damaged record costs its line: the next read starts at the next line with a fresh reader state.
    private JsonRecordFormatException Damaged(string problem, long line, long column)
    {
        var resumable = Format == JsonRecordFormat.Lines;
        _resynchronising = resumable;
        return new JsonRecordFormatException(problem, line, column, resumable);
    }

    // Drops everything up to the next line end past the first non-blank byte (the damaged record's start); false when
    // the stream ends first.
    private async ValueTask<bool> SkipLineAsync(CancellationToken cancellationToken)
    {
        var pastBlanks = false;
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var from = pastBlanks ? 0 : pending.IndexOfAnyExcept(" \t\r\n"u8);
            if (from >= 0)
            {
                pastBlanks = true;
                var newLine = pending[from..].IndexOf((byte)'\n');
                if (newLine >= 0)
                {
                    Commit(from + newLine + 1, default);
                    _resynchronising = false;
                    _stateLineBase = _line - 1;
                    _state = NewState();
                    return true;
                }

                Commit(pending.Length, default);
            }
            else
            {
                Commit(pending.Length, default);
            }

            if (_endOfStream)
            {
                _resynchronising = false;
                return false;
            }

            await FillAsync(cancellationToken);
        }
    }

    private JsonReaderState NewState() => new(new JsonReaderOptions
    {
        AllowMultipleValues = Format == JsonRecordFormat.Lines,
        MaxDepth = _maxRecordBytes,
    });

    // The index of the first byte that is not part of valid UTF-8, or -1 when every byte is.
    private static int InvalidUtf8At(ReadOnlySpan<byte> bytes)
    {
        if (Utf8.IsValid(bytes))
        {
            return -1;
        }

        var index = 0;
        while (Rune.DecodeFromUtf8(bytes[index..], out _, out var consumed) == OperationStatus.Done)
        {
            index += consumed;
        }

        return index;
    }

    private Step Advance(int consumed, JsonReaderState state, Step notFinal, Step final)
    {
        Commit(consumed, state);
        return _endOfStream ? final : notFinal;
    }

    private void Commit(int consumed, JsonReaderState state)
    {
        var span = _buffer.AsSpan(_start, consumed);
        var lastNewLine = span.LastIndexOf((byte)'\n');
        if (lastNewLine < 0)
        {
            _columnOffset += consumed;
        }
        else
        {
            _line += span.Count((byte)'\n');
            _columnOffset = consumed - lastNewLine - 1;
        }

        _start += consumed;
        BytesConsumed += consumed;
        _state = state;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var pending = _end - _start;
        if (pending > 0 && _start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }

        _start = 0;
        _end = pending;
        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxRecordBytes)
            {
                var (line, column) = PositionOf(_start);
                throw new JsonRecordFormatException($"a record is larger than {_maxRecordBytes} bytes", line, column);
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _maxRecordBytes));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        if (read == 0)
        {
            _endOfStream = true;
        }

        _end += read;
    }

    private JsonRecordFormatException TruncatedError()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), isFinalBlock: true, _state);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            return new JsonRecordFormatException(Describe(e), _stateLineBase + (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);
        }

        var (line, column) = PositionOf(_end);
        return new JsonRecordFormatException("the file ends in the middle of a record", line, column);
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string Describe(JsonException e)
    {
        // System.Text.Json appends its own "LineNumber: … | BytePositionInLine: …" which we report in our own words.
        var message = e.Message;
        foreach (var tail in (string[])[" Change the reader options", " LineNumber:"])
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            message = cut > 0 ? message[..cut] : message;
        }

        return message.TrimEnd('.', ' ');
    }

    private enum Step
    {
        Record,
        NeedMoreData,
        End,
    }
}
