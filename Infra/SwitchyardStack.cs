using System.Diagnostics.CodeAnalysis;
using Pulumi;
using Switchyard.Infra.Architectures;
using Switchyard.Infra.Image;
using Switchyard.Infra.Network;
using Switchyard.Infra.Security;

namespace Switchyard.Infra;

/// <summary>
/// The whole program: settings, then the three shared ideas (network, image, credentials), then
/// the one architecture the stack asks for. Adding an architecture is a new component and a new
/// case in the switch below.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A Pulumi stack, not a Stack<T> collection.")]
public static class SwitchyardStack
{
    public const string Name = "switchyard";

    public static IDictionary<string, object?> Define()
    {
        var config = new Config(StackSettings.Namespace);
        var settings = StackSettings.Parse(config.Get, new Config("aws").Require("region"));
        // Unset, AuthSecrets generates one: the first `pulumi up` needs no secret typed in.
        var password = config.GetSecret(StackSettings.Keys.BasicAuthPassword);

        var vpc = new SharedVpc(Name, new SharedVpcArgs
        {
            AvailabilityZones = settings.AvailabilityZones,
            Nat = settings.Nat,
            Region = settings.Region,
        });
        var image = new ServiceImage(Name, new ServiceImageArgs
        {
            ForceDelete = !settings.DeletionProtection,
            KeepImages = settings.ImageRetentionCount,
        });
        var authSecrets = new AuthSecrets($"{Name}-auth", new AuthSecretsArgs
        {
            Username = settings.BasicAuthUsername,
            Password = password,
            Recoverable = settings.DeletionProtection,
        });

        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["architecture"] = Output.Create(settings.Architecture),
            ["imageRef"] = image.ImageRef,
            ["basicAuthSecretArn"] = authSecrets.PasswordArn,
            ["basicAuthPasswordCommand"] = authSecrets.ReadPasswordCommand,
        };
        switch (settings.Architecture)
        {
            case StackSettings.AppRunnerRds:
                var appRunner = new AppRunnerRds(Name, new AppRunnerRdsArgs
                {
                    Settings = settings, Vpc = vpc, ImageRef = image.ImageRef, AuthSecrets = authSecrets,
                });
                outputs["url"] = appRunner.Url;
                outputs["databaseEndpoint"] = appRunner.DatabaseEndpoint;
                break;
            case StackSettings.FargateDynamoDb:
                var fargate = new FargateDynamoDb(Name, new FargateDynamoDbArgs
                {
                    Settings = settings, Vpc = vpc, ImageRef = image.ImageRef, AuthSecrets = authSecrets,
                });
                outputs["url"] = fargate.Url;
                outputs["tableName"] = fargate.TableName;
                outputs["logGroupName"] = fargate.LogGroupName;
                outputs["clusterName"] = fargate.ClusterName;
                break;
            default:
                throw new RunException($"Unhandled architecture '{settings.Architecture}'.");
        }

        return outputs;
    }
}
