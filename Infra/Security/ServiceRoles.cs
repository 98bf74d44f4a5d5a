using Pulumi;
using Iam = Pulumi.Aws.Iam;

namespace Switchyard.Infra.Security;

/// <summary>IAM roles that one AWS service assumes, with their policies attached.</summary>
public static class ServiceRoles
{
    public static Iam.Role Create(string name, string servicePrincipal, Resource parent) =>
        new(name, new Iam.RoleArgs { AssumeRolePolicy = IamPolicy.AssumableBy(servicePrincipal) },
            new CustomResourceOptions { Parent = parent });

    public static Iam.RolePolicyAttachment AttachManaged(string name, Iam.Role role, string policyArn, Resource parent)
    {
        ArgumentNullException.ThrowIfNull(role);
        return new Iam.RolePolicyAttachment(name, new Iam.RolePolicyAttachmentArgs
        {
            Role = role.Name,
            PolicyArn = policyArn,
        }, new CustomResourceOptions { Parent = parent });
    }

    public static Iam.RolePolicy AddInline(string name, Iam.Role role, Output<string> policy, Resource parent)
    {
        ArgumentNullException.ThrowIfNull(role);
        return new Iam.RolePolicy(name, new Iam.RolePolicyArgs
        {
            Role = role.Name,
            Policy = policy,
        }, new CustomResourceOptions { Parent = parent });
    }
}
