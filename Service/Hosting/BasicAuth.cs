using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Switchyard.Hosting;

/// <summary>
/// Basic authentication on every route but the health checks. The presented token is
/// hashed and compared in constant time with the hash of the expected one, so neither
/// content nor length of the secret leaks through timing. Credentials are never logged.
/// </summary>
public static class BasicAuth
{
    private const int MaxHeaderLength = 1024;

    public static WebApplicationBuilder AddBasicAuth(this WebApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(options => development || options.IsConfigured,
                $"Basic-auth credentials are missing: set {ServiceEnvironment.AuthUsername} and {ServiceEnvironment.AuthPassword} " +
                "(only the Development environment may run without them).")
            .Validate(options => options.Username?.Contains(':', StringComparison.Ordinal) != true,
                $"{ServiceEnvironment.AuthUsername} must not contain ':' (basic auth splits user and password on it).")
            .ValidateOnStart();
        return builder;
    }

    public static IApplicationBuilder UseBasicAuth(this IApplicationBuilder app) => app.UseMiddleware<BasicAuthMiddleware>();

    private sealed class BasicAuthMiddleware(RequestDelegate next, IOptions<AuthOptions> options, IProblemDetailsService problems, ILogger<BasicAuthMiddleware> logger)
    {
        private readonly byte[]? _expectedHash = ExpectedHash(options.Value, logger);

        public async Task InvokeAsync(HttpContext context)
        {
            if (_expectedHash is null || HealthApi.IsHealthPath(context.Request.Path) || IsAuthorized(context.Request.Headers.Authorization))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"switchyard\", charset=\"UTF-8\"";
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status401Unauthorized,
                    Title = "Authentication required",
                    Detail = "Send valid basic-auth credentials.",
                },
            });
        }

        private bool IsAuthorized(Microsoft.Extensions.Primitives.StringValues header)
        {
            if (header.Count != 1 || header[0] is not { Length: > 6 and <= MaxHeaderLength } value
                || !value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            Span<byte> token = stackalloc byte[MaxHeaderLength * 3];
            var length = Encoding.UTF8.GetBytes(value.AsSpan(6).Trim(), token);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(token[..length], hash);
            return CryptographicOperations.FixedTimeEquals(hash, _expectedHash);
        }

        private static byte[]? ExpectedHash(AuthOptions options, ILogger logger)
        {
            if (!options.IsConfigured)
            {
                logger.LogWarning("Basic auth is off: no credentials are configured (allowed only in Development).");
                return null;
            }

            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"));
            return SHA256.HashData(Encoding.UTF8.GetBytes(token));
        }
    }
}
