using System.Buffers.Text;

namespace Kpipe.Pipeline.Tests.Records;

/// <summary>A JSON lines "file" of any size produced on the fly, so a huge input costs no memory in the test itself.</summary>
internal sealed class GeneratedJsonLinesStream(int records) : Stream
{
    private readonly byte[] _line = new byte[256];
    private int _next = 1;
    private int _lineLength;
    private int _lineOffset;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (_lineOffset == _lineLength)
            {
                if (_next > records)
                {
                    break;
                }

                _lineLength = FormatLine(_next, _line);
                _lineOffset = 0;
                _next++;
            }

            var take = Math.Min(buffer.Length - written, _lineLength - _lineOffset);
            _line.AsSpan(_lineOffset, take).CopyTo(buffer[written..]);
            _lineOffset += take;
            written += take;
        }

        _position += written;
        return written;
    }

    private static int FormatLine(int id, Span<byte> line)
    {
        var prefix = "{\"id\":"u8;
        prefix.CopyTo(line);
        Utf8Formatter.TryFormat(id, line[prefix.Length..], out var digits);
        var suffix = ",\"payload\":\"pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp\"}\n"u8;
        suffix.CopyTo(line[(prefix.Length + digits)..]);
        return prefix.Length + digits + suffix.Length;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
