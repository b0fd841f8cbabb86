using System.Net;
using System.Net.Http.Json;
using Kpipe.Pipeline.Enrichment.Online;
using Microsoft.Extensions.Logging;

namespace Kpipe.Pipeline.Enrichment;

/// <summary>
/// Looks addresses up in an ipinfo-style HTTP JSON API (<c>GET {base}{ip}?token=T</c>). On HTTP 429 every request
/// through this client pauses: for the server's Retry-After when given, else for a delay that doubles on each
/// consecutive 429 (from <see cref="InitialBackoff"/> up to <see cref="MaxBackoff"/>).
/// </summary>
internal sealed class IpInfoClient
{
    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly string? _token;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _backoffLock = new();
    private DateTimeOffset _notBefore = DateTimeOffset.MinValue;
    private int _consecutiveLimited;
    private int _refusalLogged;

    public IpInfoClient(HttpClient http, Uri baseUrl, string? token, TimeProvider time, ILogger logger)
    {
        _http = http;
        _baseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _token = string.IsNullOrWhiteSpace(token) ? null : token;
        _time = time;
        _logger = logger;
    }

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(1);

    public int MaxAttempts { get; init; } = 4;

    /// <summary>The provider's answer; throws <see cref="HttpRequestException"/> when it could not be had.</summary>
    public async Task<IpInfo> LookupAsync(IpAddressKey key, CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseUrl, _token is null ? key.ToString() : $"{key}?token={Uri.EscapeDataString(_token)}");
        for (var attempt = 1; ; attempt++)
        {
            await WaitForBackoffAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                BackOff(response);
                if (attempt >= MaxAttempts)
                {
                    throw new HttpRequestException($"{_baseUrl.Host} answered 429 Too Many Requests {attempt} times", null, response.StatusCode);
                }
                continue;
            }
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && Interlocked.Exchange(ref _refusalLogged, 1) == 0)
            {
                _logger.OnlineProviderRefused(_baseUrl, (int)response.StatusCode);
            }
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"{_baseUrl.Host} answered {(int)response.StatusCode} {response.ReasonPhrase} (check --geo-token)", null, response.StatusCode);
            }
            lock (_backoffLock)
            {
                _consecutiveLimited = 0;
            }
            var body = await response.Content.ReadFromJsonAsync(IpInfoJsonContext.Default.IpInfoResponse, cancellationToken).ConfigureAwait(false)
                ?? throw new HttpRequestException($"{_baseUrl.Host} answered with an empty body");
            return ToInfo(body);
        }
    }

    private static IpInfo ToInfo(IpInfoResponse body)
    {
        if (body.Bogon)
        {
            return IpInfo.Unknown(GeoReasons.Bogon);
        }
        return new IpInfo(
            NullIfEmpty(body.Hostname),
            NullIfEmpty(body.City),
            NullIfEmpty(body.Region),
            NullIfEmpty(body.Country),
            NullIfEmpty(body.Loc),
            NullIfEmpty(body.Postal),
            NullIfEmpty(body.Timezone));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private async Task WaitForBackoffAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_backoffLock)
        {
            wait = _notBefore - _time.GetUtcNow();
        }
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void BackOff(HttpResponseMessage response)
    {
        var now = _time.GetUtcNow();
        TimeSpan delay;
        lock (_backoffLock)
        {
            _consecutiveLimited++;
            delay = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - now,
                _ => TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, InitialBackoff.Ticks << Math.Min(_consecutiveLimited - 1, 30))),
            };
            if (delay < TimeSpan.Zero)
            {
                delay = TimeSpan.Zero;
            }
            if (now + delay > _notBefore)
            {
                _notBefore = now + delay;
            }
        }
        _logger.RateLimited(delay);
    }
}
