// The pull-request comment says what the findings say: nothing in a message is taken for markup.
import * as assert from "assert";
import { cell } from "../offline/report/markdown";

describe("markdown report cells", () => {
    it("keeps HTML-like text, pipes, markup characters and line breaks as text", () => {
        assert.strictEqual(cell("set keyArn: <KMS key ARN>"), "set keyArn: &lt;KMS key ARN&gt;");
        assert.strictEqual(cell("a | b"), "a \\| b");
        assert.strictEqual(cell("*wild* _name_ [0] `code`"), "\\*wild\\* \\_name\\_ \\[0\\] \\`code\\`");
        assert.strictEqual(cell("R&D"), "R&amp;D");
        assert.strictEqual(cell("one\ntwo\r\nthree"), "one<br>two<br>three");
        assert.strictEqual(cell("back\\slash"), "back\\\\slash");
    });
});
