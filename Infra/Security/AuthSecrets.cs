using Pulumi;
using Random = Pulumi.Random;
using SecretsManager = Pulumi.Aws.SecretsManager;

namespace Switchyard.Infra.Security;

public sealed class AuthSecretsArgs
{
    public required string Username { get; init; }

    /// <summary>
    /// A Pulumi secret, written only into Secrets Manager; null generates a strong one, kept in the
    /// stack's state (encrypted) so it stays the same from one <c>pulumi up</c> to the next.
    /// </summary>
    public required Output<string>? Password { get; init; }

    /// <summary>Keep deleted secrets recoverable for 30 days instead of deleting them at once.</summary>
    public required bool Recoverable { get; init; }
}

/// <summary>
/// The basic-auth credentials in Secrets Manager, one secret per variable, so each platform can
/// inject them by ARN (App Runner RuntimeEnvironmentSecrets, ECS secrets valueFrom).
/// </summary>
public sealed class AuthSecrets : ComponentResource
{
    /// <summary>Generated passwords: long, and only characters that need no quoting in a shell or a URL.</summary>
    public const int GeneratedLength = 32;
    public const string GeneratedSpecials = "-_.~";

    public Output<string> UsernameArn { get; }
    public Output<string> PasswordArn { get; }

    /// <summary>The AWS CLI command that prints the password (the command, never the value).</summary>
    public Output<string> ReadPasswordCommand { get; }

    public AuthSecrets(string name, AuthSecretsArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:security:AuthSecrets", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        UsernameArn = CreateSecret($"{name}-username", Output.Create(args.Username), args.Recoverable);
        PasswordArn = CreateSecret($"{name}-password", args.Password ?? Generate($"{name}-password"), args.Recoverable);
        ReadPasswordCommand = Output.Format(
            $"aws secretsmanager get-secret-value --secret-id {PasswordArn} --query SecretString --output text");
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["usernameArn"] = UsernameArn,
            ["passwordArn"] = PasswordArn,
            ["readPasswordCommand"] = ReadPasswordCommand,
        });
    }

    private Output<string> Generate(string name) =>
        new Random.RandomPassword(name, new Random.RandomPasswordArgs
        {
            Length = GeneratedLength,
            Special = true,
            OverrideSpecial = GeneratedSpecials,
            MinUpper = 1,
            MinLower = 1,
            MinNumeric = 1,
        }, new CustomResourceOptions { Parent = this }).Result;

    private Output<string> CreateSecret(string name, Output<string> value, bool recoverable)
    {
        var secret = new SecretsManager.Secret(name, new SecretsManager.SecretArgs
        {
            Description = "Switchyard basic-auth credential, read by the service at start-up.",
            RecoveryWindowInDays = recoverable ? 30 : 0,
        }, new CustomResourceOptions { Parent = this });

        var version = new SecretsManager.SecretVersion(name, new SecretsManager.SecretVersionArgs
        {
            SecretId = secret.Id,
            SecretString = Output.CreateSecret(value),
        }, new CustomResourceOptions { Parent = this });

        // The version's ARN is the secret's ARN, known only once the value is stored, so nothing
        // that reads the secret can start before it has a value.
        return version.Arn;
    }
}
