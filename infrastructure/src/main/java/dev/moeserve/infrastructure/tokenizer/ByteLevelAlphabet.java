package dev.moeserve.infrastructure.tokenizer;

/**
 * The byte-to-character table of byte-level BPE (GPT-2's): printable Latin-1 bytes stand for
 * themselves, the others are moved to code points from 256 up so that no token is whitespace
 * or a control character.
 */
final class ByteLevelAlphabet {
    private ByteLevelAlphabet() {
    }

    static int[] byteToChar() {
        int[] table = new int[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            table[b] = printable ? b : next++;
        }
        return table;
    }
}
