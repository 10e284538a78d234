using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace SegmentIQ.Web.Api;

/// <summary>Names of the API-key scheme.</summary>
public static class ApiKeyDefaults
{
    /// <summary>The authentication scheme (and OpenAPI security scheme) name.</summary>
    public const string Scheme = "ApiKey";

    /// <summary>The authorization policy every keyed /api/v1 endpoint requires.</summary>
    public const string Policy = "SegmentIqApiKey";

    /// <summary>The request header that carries the key.</summary>
    public const string Header = "X-Api-Key";
}

/// <summary>
/// Authenticates a request by the key in <c>X-Api-Key</c>, compared in constant time with every configured key (SHA-256
/// of both sides, so neither the length nor the first differing byte shows in the timing). The principal's name is the
/// key's position ("key-1", "key-2", …), never the key itself: it partitions the rate limits and is safe to log. Its
/// challenge answers 503 when no key is configured (the API is off) and 401 otherwise, both as ProblemDetails.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<SegmentIqApiOptions> api)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var keys = api.CurrentValue.ActiveKeys;
        if (keys.Count == 0 || !Request.Headers.TryGetValue(ApiKeyDefaults.Header, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values.ToString()));
        var match = -1;
        for (var i = 0; i < keys.Count; i++)
        {
            // Every key is compared, so the time taken does not tell which (if any) matched.
            var equal = CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(keys[i])));
            match = equal && match < 0 ? i : match;
        }

        if (match < 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"key-{match + 1}")], ApiKeyDefaults.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyDefaults.Scheme)));
    }

    /// <inheritdoc />
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (api.CurrentValue.ActiveKeys.Count == 0)
        {
            return ApiProblems.Write(
                Context,
                StatusCodes.Status503ServiceUnavailable,
                "The REST API is not enabled",
                "No API key is configured. Set SegmentIQ:Api:Keys to one or more secret keys (for example the environment " +
                $"variable SegmentIQ__Api__Keys__0) and restart; clients then send a key in the {ApiKeyDefaults.Header} header.",
                "SegmentIQ:Api:Keys");
        }

        Response.Headers.WWWAuthenticate = $"{ApiKeyDefaults.Scheme} header=\"{ApiKeyDefaults.Header}\"";
        var missing = !Request.Headers.ContainsKey(ApiKeyDefaults.Header);
        return ApiProblems.Write(
            Context,
            StatusCodes.Status401Unauthorized,
            missing ? "API key missing" : "API key not valid",
            missing
                ? $"Send one of the configured API keys in the {ApiKeyDefaults.Header} header."
                : $"The key in the {ApiKeyDefaults.Header} header is not one of the configured API keys.",
            ApiKeyDefaults.Header);
    }
}
