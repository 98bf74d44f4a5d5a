using Pulumi;
using Switchyard.Infra.Operations;
using Switchyard.Infra.Security;
using DynamoDB = Pulumi.Aws.DynamoDB;

namespace Switchyard.Infra.Stores;

public sealed class DynamoDbTableArgs
{
    public required StackSettings Settings { get; init; }
}

/// <summary>
/// An on-demand DynamoDB table keyed by <c>id</c>, encrypted, with point-in-time recovery and
/// deletion protection as the stack asks. The binding grants exactly the item calls the
/// service's DynamoDB store makes, on this one table; it needs no network admission.
/// </summary>
public sealed class DynamoDbTable : ComponentResource, IStore
{
    public const string HashKey = "id";

    /// <summary>Exactly the calls the DynamoDB store makes; readiness uses GetItem.</summary>
    public static IReadOnlyList<string> ItemActions { get; } =
        ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Scan"];

    /// <summary>What copying every item out of the table needs.</summary>
    public static IReadOnlyList<string> ReadActions { get; } = ["dynamodb:GetItem", "dynamodb:Scan"];

    public StoreBinding Binding { get; }
    public IReadOnlyDictionary<string, Output<string>> Outputs { get; }
    public IReadOnlyList<Watch> Watches { get; }

    public DynamoDbTable(string name, DynamoDbTableArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:store:DynamoDbTable", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var table = new DynamoDB.Table(name, new DynamoDB.TableArgs
        {
            BillingMode = "PAY_PER_REQUEST",
            HashKey = HashKey,
            Attributes = { new DynamoDB.Inputs.TableAttributeArgs { Name = HashKey, Type = "S" } },
            PointInTimeRecovery = new DynamoDB.Inputs.TablePointInTimeRecoveryArgs { Enabled = args.Settings.PointInTimeRecovery },
            ServerSideEncryption = new DynamoDB.Inputs.TableServerSideEncryptionArgs { Enabled = true },
            DeletionProtectionEnabled = args.Settings.DeletionProtection,
        }, LegacyArchitectures.FormerChildOf(LegacyArchitectures.FargateDynamoDb, this, args.Settings.DeletionProtection));

        Binding = new StoreBinding
        {
            Variables = new Dictionary<string, Output<string>>(StringComparer.Ordinal)
            {
                [ServiceEnvironment.StoreKind] = Output.Create(ServiceEnvironment.StoreKinds.DynamoDb),
                [ServiceEnvironment.DynamoDbTableName] = table.Name,
            },
            SecretArns = new Dictionary<string, Output<string>>(StringComparer.Ordinal),
            Grants = [new IamGrant(ItemActions, table.Arn)],
            ReadGrants = [new IamGrant(ReadActions, table.Arn)],
            InsideVpc = false,
            // The table is reached through the VPC's DynamoDB gateway endpoint or AWS's public
            // endpoint; IAM alone decides who may use it.
            Admit = (_, _, _) => { },
        };
        Outputs = new Dictionary<string, Output<string>>(StringComparer.Ordinal) { ["tableName"] = table.Name };
        // CloudWatch names the operations as the API does: "dynamodb:GetItem" is published as "GetItem".
        Watches = Signals.DynamoDb(table.Name, [.. ItemActions.Select(a => a[(a.IndexOf(':', StringComparison.Ordinal) + 1)..])]);
        RegisterOutputs(new Dictionary<string, object?> { ["tableName"] = table.Name });
    }
}
