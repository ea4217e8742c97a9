/* SPDX-License-Identifier: MIT */
/*
 * vectors.h - known answers for the unit tests, every one computed with the
 * openssl CLI (OpenSSL 3.0) by the command in the comment above it, never
 * with the code under test. `hex` is `xxd -p | tr -d '\n'`.
 */
#ifndef RKD_TEST_VECTORS_H
#define RKD_TEST_VECTORS_H

/* --- the DIK2 function F(DSN, factor, DIK1), vector A ---------------- */
#define VA_DSN		"RKD-TEST-0001"
#define VA_FACTOR	"0102030405060708090a0b0c0d0e0f10"
#define VA_DIK1		"0123456789abcdeffedcba987654321089abcdef01234567"
/* printf 'RKD-TEST-0001' | openssl dgst -sha256 -r | cut -c1-48 */
#define VA_DATA1	"7ac5cddcfa9406748fde088f73f11948d6d4223ba469ccf2"
/* echo $VA_DATA1 | xxd -r -p | openssl enc -des-ede3 -nopad -K $VA_DIK1 | hex */
#define VA_KEY1		"bff318378782602d1d8488a9fbc00cb61bf1f433b6989d69"
/* echo $VA_FACTOR | xxd -r -p | openssl dgst -sha256 -r | cut -c1-48 */
#define VA_DATA2	"5dfbabeedf318bf33c0927c43d7630f51b82f35174030135"
/* echo $VA_DATA2 | xxd -r -p | openssl enc -d -des-ede3 -nopad -K $VA_KEY1 | hex */
#define VA_DIK2		"1dc17abf401f6c1ea274815301332dbad3a3dda32d638db5"

/* --- vector B: the longest DSN (32) and factor (64 x fa) ------------- */
#define VB_DSN		"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
#define VB_FACTOR_BYTE	0xfa
#define VB_FACTOR_LEN	64
#define VB_DIK1		"00112233445566778899aabbccddeeff0123456789abcdef"
/*
 * D1=$(printf "$VB_DSN" | openssl dgst -sha256 -r | cut -c1-48)
 * K1=$(echo $D1 | xxd -r -p | openssl enc -des-ede3 -nopad -K $VB_DIK1 | hex)
 * D2=$(printf 'fa%.0s' $(seq 64) | xxd -r -p | openssl dgst -sha256 -r |
 *      cut -c1-48)
 * echo $D2 | xxd -r -p | openssl enc -d -des-ede3 -nopad -K $K1 | hex
 */
#define VB_DIK2		"225a11402bae5dafb4f499b2dae503458f9240270fff8410"

/* --- KCV and TDES-ECB ------------------------------------------------ */
/* head -c8 /dev/zero | openssl enc -des-ede3 -nopad -K $VA_DIK1 | head -c3 | hex */
#define KCV_OF_VA_DIK1	"3fd539"
#define K16		"0123456789abcdeffedcba9876543210"
/* head -c8 /dev/zero | openssl enc -des-ede3 -nopad \
 *	-K ${K16}0123456789abcdef | head -c3 | hex       (K1K2 -> K1K2K1) */
#define KCV_OF_K16	"08d7b4"
/* echo 00112233445566778899aabbccddeeff | xxd -r -p |
 *	openssl enc -des-ede3 -nopad -K ${K16}0123456789abcdef | hex */
#define ECB_PLAIN	"00112233445566778899aabbccddeeff"
#define ECB_K16		"31a7364cac91ca39c0489f69bec54fa2"

/* --- K_MAC and MAC16 ------------------------------------------------- */
#define TK		"5a5a5a5a5a5a5a5aa5a5a5a5a5a5a5a5" \
			"3c3c3c3c3c3c3c3cc3c3c3c3c3c3c3c3"
/*
 * A K_MAC for the message tests: any 32 bytes do (these are version 1's
 * SHA256("pinpad-rkd v1 K_MAC" || TK)).
 */
#define KMAC		"b6b3a8c88bdfce991dbfff87641a3a23" \
			"c5aa5f7c88747ff69e8649bae5d93899"

/* --- version 2 key schedule (protocol.md, "Keys derived in version 2") --
 * NIST CAVP KBKDF (KDFCTR_gen.rsp) [PRF=HMAC_SHA256]
 * [CTRLOCATION=BEFORE_FIXED] [RLEN=32_BITS] COUNT=0, L = 128: */
#define CAVP_KI		"dd1d91b7d90b2bd3138533ce92b272fb" \
			"f8a369316aefe242e659cc0ae238afe0"
#define CAVP_FIXED	"01322b96b30acd197979444e468e1c5c6859bf1b1cf951b7" \
			"e725303e237e46b864a145fab25e517b08f8683d0315bb29" \
			"11d80a0e8aba17f3b413faac"
#define CAVP_KO		"10621342bfb0fd40046c0e29f2cfdbf0"
/* printf 'H_R example' | openssl dgst -sha256 -r | cut -c1-64 */
#define H_EX		"5f02584abd3cfcd4858ffc727a2909be" \
			"eb0a6fa73d2a1c4306ac3b9b775c7fe1"
/* openssl kdf -keylen 32 -kdfopt mode:counter -kdfopt mac:HMAC \
 *	-kdfopt digest:SHA256 -kdfopt hexkey:$TK \
 *	-kdfopt salt:'pinpad-rkd v3 K_MAC' -kdfopt hexinfo:$H_EX KBKDF;
 * the same from Python's hmac module, written from SP 800-108r1 4.1.
 * KBPK_V3: the same with salt:'pinpad-rkd v3 KBPK'. */
#define KMAC_V3		"e3def2a5ade2381001f7254136295d1a" \
			"69e9a9f8bcf3976d815f0858c04d5bd0"
#define KBPK_V3		"a7fae48e428438cb86b8fa6ffa974281" \
			"80dbb131e40e1b567b95c773519c3966"
/* the same with -keylen 56, hexkey:$VA_DIK2,
 * salt:'pinpad-rkd v2 CHALLENGE': K_CE (24) || K_CA (32), two blocks */
#define KCE_EX		"d9bd082ff2ffcb21f5b6ef30420315d2b5092226d31ef154"
#define KCA_EX		"e778d28622ea46cc42baafe397e2a2ca" \
			"a0fdddfd711a0d116b5e580798cf606e"
/* AT a0a1..b7, TK1 as the worked example's:
 * echo $AT$TK1 | xxd -r -p | openssl enc -des-ede3 -nopad -K $KCE_EX;
 * echo 04$C | xxd -r -p | openssl dgst -sha256 -mac HMAC \
 *	-macopt hexkey:$KCA_EX -r | cut -c1-32 */
#define CHAL_AT		"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7"
#define CHAL_TK1	"112233445566778899aabbccddeeff00" \
			"123456789abcdef00fedcba987654321"
#define CHAL_C		"48aa1a387f9ff96833bc2305455b1ca7c0e52c3da6ad7808" \
			"51503398c9c37ad450dae44a24a6652750fe44a19ef8a1b9" \
			"5db5f13798cdfe4a"
#define CHAL_T		"c21b93be56885e06270782b96408613d"
/* printf '\x07\x03' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KMAC \
 *	-r | cut -c1-32                            (DONE, count 3) */
#define MAC16_DONE3	"f4f35fc8a3c5517a2f8bc4d3078fdb06"
/* printf '\x09\x00' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$KMAC \
 *	-r | cut -c1-32                            (ACK, status 0) */
#define MAC16_ACK0	"4aa271ab2c0eb551bc3c3676881cc418"

/*
 * A whole KEY body (v3): index 0, slot 20, B 112, zero, the key block of
 * TR-31:2018 A.7.4 (Documentation/test-vectors.md, D-A74; a P0 key),
 * MAC16.
 * echo 06 00140070 00000000 $(printf %s $KEY_BLOCK_A74 | xxd -p) |
 *	tr -d ' \n' | xxd -r -p |
 *	openssl dgst -sha256 -mac HMAC -macopt hexkey:$KMAC -r | cut -c1-32
 */
#define KEY_BLOCK_A74	"D0112P0AE00E0000B82679114F470F540165EDFBF7E250FC" \
			"EA43F810D215F8D207E2E417C07156A27E8E31DA05F74255" \
			"09593D03A457DC34"
#define KEY_MAC		"ef516dc2ed762afbb5aae5affda06e6f"
#define KEY_BODY	"0014007000000000" \
	"4430313132503041453030453030303042383236373931313446343730463534" \
	"3031363545444642463745323530464345413433463831304432313546384432" \
	"3037453245343137433037313536413237453845333144413035463734323535" \
	"30393539334430334134353744433334" KEY_MAC

/* RECEIPT of that key: count 1, slot 2, KCV.
 * echo 08 01 02 08d7b4 | tr -d ' ' | xxd -r -p |
 *	openssl dgst -sha256 -mac HMAC -macopt hexkey:$KMAC -r | cut -c1-32 */
#define RECEIPT_BODY	"010208d7b4" "2f3cc34082133d49c8966d2f991847e9"

/* --- RSAES-OAEP-SHA256 decryption ------------------------------------ */
/* openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out t.key */
#define OAEP_KEY_PEM \
"-----BEGIN PRIVATE KEY-----\n" \
"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQClkNf5UzfO19LU\n" \
"EkTze6i6nNckY06xMpUVOGCGKB5GvnNX51pIlUp9LWFu3t/jo5yh4sxNQWChoi3n\n" \
"nr5Pz6/aXMQ+QKLL7nOhnMqhjygDSCqC1Curtr4SY9JoLZrWccx0PsivZZda1ZPt\n" \
"f+6iCND3Bvl61982GRI1u5UlOnEYvbPabDs0fszbeMl8pg/eFmdGsBEb9NQvMU4N\n" \
"C/7IOXjJXG7uSqyHsVV6jBu4Cj9ouwXy69KS5srb1GAzkS+z7Oo9dM2A0iUyQMbg\n" \
"+mlciUQVnO8pNgmdH3NJSFwJ1lPXIECJJFyYBeXM946NlMLO2uFBTuUgybteyvsB\n" \
"fy3Ra9TXAgMBAAECggEAGUfzOpPYSeIkbr6Kvx/K8BKCkCtbzkHviB8k2gdmjB3e\n" \
"W0tX5WJqeTpvOMXugQIwKNC1VTdI6+q+61xkKf1dbaX2+fHWX0u+EKzyN1Y2jBMT\n" \
"xAi60bcPR0aXz9GQOvODKTLsY5/1yxMhdJqxfmuDNl00cMC6yYttf5Kbn7ol9TAa\n" \
"Ko5ZQyceUV+1DIL0a5RJoa/otj7NhAjIi9ozSLiAu6MzqfcqxsrjiCzY7tCvBScb\n" \
"kWRapPaQ0z+Tb8PgPiSw7BkK9SkkBtqDaOa+zlsgoHgTHGGLkG6aLY8y3k0A6Nv+\n" \
"7yvXia1S/sM7CrTi+ItDkfZof+jv0aqhWVmRs5kIcQKBgQDQsUK8fTcJgPXJ0Rb7\n" \
"MfcyQgvsib9UWPgG3D5vsapsTGfTh3CUVyP9NilBpqN3QpnHEdBhTqB8iDO8IpZs\n" \
"b0Kt4IBpxBHGFupRs9CBb2ce3ezWFPyltRdv74gIoc88lUZp0zpgBGnqggWSDi+1\n" \
"ke6AFp+WdmbzO9xeCVuozMGEUQKBgQDLGOEEq4dSTdo3lPHSzqXHQIokRMtR+0iv\n" \
"SZkb2EBmLZgklnNxHehKx5oTW7Royw9keukSOzEo28nYDWYNVLcENDZkpP8RP8cc\n" \
"1io94vqqLy5bxpr8WAYJRdss9QY6fa9CUMuf1pthW2wvuOZe+1FDH7GaIcKUSuVt\n" \
"z1wBwjlEpwKBgAFBL4+GiTArcE7YTPURpdTNhNjVMytEpakU5eMyBD5Gb1FcPRcH\n" \
"NxYsny7f25e59Ma3mrMbD+fvwa/d3V2lhZcaBGueXCT+ukXneNduXgZXezcGRUaR\n" \
"wiRQIlc68c4Bb7zvIii1nhVk1re8EhlbWT235Rm4eIH52CdQkxZ+tKMhAoGBALEo\n" \
"p4faU/UgQfx/6R1Y8tTG4HlYpP6DMljs2yilzy8SEIfB0TtXujwYtrayJMHQd0HP\n" \
"0ST9Cxm39u6GaYGxZt+858GNB421U2s9CaXoK31uIIMf0CvUYJeQHuqtZVx6K/mt\n" \
"3qEzo2AeTlWmdRVfJfhmWha34jJWzqCl430JPck7AoGAAiJooFCyZuURy22QQ3pC\n" \
"2uX4SWHdN0Ktov5fAthdLoyhuzgVmpSalJa9q46nqV2hpU4c1cmW3RnVdj+y7KnQ\n" \
"oe9kLfIxOr3qZNMM9crFevlpOgdxI42ZE5468lleGeqrL6nb9nPigfhSBQaH4kzu\n" \
"Uva/a3CyPceWFRSU/iQOH10=\n" \
"-----END PRIVATE KEY-----\n"
/* printf 'factor-0123456789' | openssl pkeyutl -encrypt -inkey t.key \
 *	-pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 \
 *	-pkeyopt rsa_mgf1_md:sha256 | hex */
#define OAEP_PLAIN	"factor-0123456789"
#define OAEP_CT \
"01a7159ba2f1998dc1518dc8293484456bb4348cc3a30d4711af9a32e34bbd1e" \
"f0658638d8a7501e022e15ed0970738f49d4ba193302b2584722fdfdb11eaf40" \
"3e6e0ad324c068295049bcb472ed6354ef41a8249d6c030702c94199361a0bff" \
"bd354fc0a206ec5611e212563dfd8a7915920a4a3d6ddd2569bdce4148f1dafb" \
"a196500355efa20257f27e2f19306662889d297859d87ad51c616bf2a510ea56" \
"37240d7a4978d7b545024502026b0348b572b086c7b4b0b5635da22b0ec2824d" \
"ec2b3bf57407da950dd93f19fc248e30f482627492b0923683ef1803d6b474c2" \
"d44416b82f15ad7f54713a8562f635e356bb5adea081931a6eb9f89f97c6f155"
#endif /* RKD_TEST_VECTORS_H */
