using System.Collections.Immutable;
using Pulumi;
using Ec2 = Pulumi.Aws.Ec2;

namespace Switchyard.Infra.Network;

/// <summary>Checks subnets the program did not create: at least two, in at least two availability zones.</summary>
public static class SubnetZones
{
    /// <summary>The same ids, once each has been looked up; fails the deployment naming <paramref name="what"/> otherwise.</summary>
    public static Output<ImmutableArray<string>> RequireTwo(string what, Output<ImmutableArray<string>> subnetIds) =>
        subnetIds.Apply(ids =>
        {
            if (ids.IsDefaultOrEmpty || ids.Length < 2)
            {
                throw new RunException($"{what}: at least two subnets in two availability zones are needed, got {(ids.IsDefault ? 0 : ids.Length)}.");
            }

            return Output.All(ids.Select(id => Ec2.GetSubnet.Invoke(new() { Id = id }).Apply(subnet => subnet.AvailabilityZone)))
                .Apply(zones => zones.Distinct(StringComparer.Ordinal).Count() >= 2
                    ? ids
                    : throw new RunException($"{what}: the subnets {string.Join(", ", ids)} are all in {zones[0]}; at least two availability zones are needed."));
        });
}
