import * as assert from "assert";
import { findInstanceType, InstanceType } from "./instanceTypes";
import { prefixAddressesPerNode, prefixMaxPods } from "./maxPods";

const type = (name: string) => findInstanceType(name)!;

describe("max pods and addresses with prefix delegation", () => {
    it("gives EKS's max pods with prefixes: ENIs x ((IPv4 per ENI - 1) x 16) + 2, capped at 110, or 250 above 30 vCPUs", () => {
        // t3.micro: 2 ENIs of 2 addresses: 2 x (1 x 16) + 2 = 34, under the cap.
        assert.strictEqual(prefixMaxPods(type("t3.micro")), 34);
        assert.strictEqual(prefixMaxPods(type("m6i.large")), 110);
        assert.strictEqual(prefixMaxPods(type("m6i.8xlarge")), 250);
        const thirty: InstanceType = { ...type("m6i.8xlarge"), vcpu: 30 };
        assert.strictEqual(prefixMaxPods(thirty), 110, "30 vCPUs is not above 30");
    });

    it("counts a node's prefixes up to what its ENIs hold, and one primary address per ENI used", () => {
        // t3.micro at 34 max pods: 2 prefixes for 32 pods + 1 warm = 3, but its 2 ENIs hold 1 prefix each: 2 x 16 + 2.
        assert.strictEqual(prefixAddressesPerNode(type("t3.micro"), 34, { warmPrefixes: 1 }), 34);
        // m6i.large at 110: 7 + 1 prefixes on one ENI of 9: 8 x 16 + 1; only the 2 non-primary ENIs (18 prefixes) change nothing here.
        assert.strictEqual(prefixAddressesPerNode(type("m6i.large"), 110, { warmPrefixes: 1 }), 129);
        assert.strictEqual(prefixAddressesPerNode(type("m6i.large"), 110, { warmPrefixes: 1 }, 2), 129);
        // t3.medium at 110 with one ENI for pods (5 prefixes): 5 x 16 + 1.
        assert.strictEqual(prefixAddressesPerNode(type("t3.medium"), 110, { warmPrefixes: 1 }, 1), 81);
        // 18 pods fill 1 prefix and need a second; with 3 warm ones, 5 prefixes on t3.medium's ENIs of 5: 80 + 1.
        assert.strictEqual(prefixAddressesPerNode(type("t3.medium"), 20, { warmPrefixes: 3 }), 81);
    });
});
