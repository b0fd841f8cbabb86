using System.Net;
using System.Net.Sockets;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Parses IP address text into an <see cref="IpAddressKey"/>. IPv4 must be a strict dotted quad (no shorthand like
/// "10.1", no leading zeros, which some parsers read as octal) and is parsed without allocating; IPv6 goes through
/// <see cref="IPAddress.TryParse(ReadOnlySpan{char}, out IPAddress?)"/>.
/// </summary>
internal static class IpAddressParser
{
    public static bool TryParse(ReadOnlySpan<char> text, out IpAddressKey key)
    {
        if (text.Contains(':'))
        {
            return TryParseV6(text, out key);
        }
        if (TryParseV4(text, out var v4))
        {
            key = IpAddressKey.FromV4(v4);
            return true;
        }
        key = default;
        return false;
    }

    private static bool TryParseV4(ReadOnlySpan<char> text, out uint value)
    {
        value = 0;
        var octets = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            uint octet = 0;
            while (i < text.Length && i - start < 4 && char.IsAsciiDigit(text[i]))
            {
                octet = octet * 10 + (uint)(text[i] - '0');
                i++;
            }
            var digits = i - start;
            if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }
            value = (value << 8) | octet;
            octets++;
            if (octets == 4)
            {
                return i == text.Length;
            }
            if (i >= text.Length || text[i] != '.')
            {
                return false;
            }
            i++;
        }
    }

    private static bool TryParseV6(ReadOnlySpan<char> text, out IpAddressKey key)
    {
        if (IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            key = IpAddressKey.FromIPAddress(address);
            return true;
        }
        key = default;
        return false;
    }
}
