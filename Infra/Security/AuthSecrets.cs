using Pulumi;
using SecretsManager = Pulumi.Aws.SecretsManager;

namespace Switchyard.Infra.Security;

public sealed class AuthSecretsArgs
{
    public required string Username { get; init; }

    /// <summary>A Pulumi secret; it is written only into Secrets Manager.</summary>
    public required Output<string> Password { get; init; }

    /// <summary>Keep deleted secrets recoverable for 30 days instead of deleting them at once.</summary>
    public required bool Recoverable { get; init; }
}

/// <summary>
/// The basic-auth credentials in Secrets Manager, one secret per variable, so each platform can
/// inject them by ARN (App Runner RuntimeEnvironmentSecrets, ECS secrets valueFrom).
/// </summary>
public sealed class AuthSecrets : ComponentResource
{
    public Output<string> UsernameArn { get; }
    public Output<string> PasswordArn { get; }

    public AuthSecrets(string name, AuthSecretsArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:security:AuthSecrets", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        UsernameArn = CreateSecret($"{name}-username", Output.Create(args.Username), args.Recoverable);
        PasswordArn = CreateSecret($"{name}-password", args.Password, args.Recoverable);
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["usernameArn"] = UsernameArn,
            ["passwordArn"] = PasswordArn,
        });
    }

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
