package difftest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The generator of random scenarios for the control plane. Each scenario
// tries to create table T a few times with one deliberate mistake per
// request, creates it with random features (key schema, indexes, billing,
// stream, tags, encryption, deletion protection), then runs a random
// sequence of table operations on it: UpdateTable, time to live, tags,
// DescribeTable, ListTables, DeleteTable and CreateTable again, each
// valid most of the time and now and then with one mistake. The generator
// follows what T has become, so that its valid requests stay valid.
//
// Where DynamoDB Local is known to answer differently from DynamoDB, the
// step is checked on the engine alone (see knownLocal), or the generator
// stays away (each place says why):
//   - Local keeps the stream and index state of a deleted table for the
//     next table of the same name (a new table has no LatestStreamArn; an
//     index deleted before stays DELETING), so every table the scenario
//     creates after deleting one gets a name of its own;
//   - Local does not describe encryption at rest (no SSEDescription for a
//     KMS key) and answers an UpdateTable of SSESpecification alone with
//     "Nothing to update", so encryption is only ever asked off, at
//     creation;
//   - Local refuses to change streams and throughput in one UpdateTable
//     ("Cannot change IOPS and Streams at the same time"), which the API
//     reference listed once among the changes to make one at a time and no
//     longer does: requests that would do both are not generated;
//   - Local supports no tagging at all ("Tagging is not currently
//     supported in DynamoDB Local."), and ignores the tags of CreateTable;
//   - Local turns a table's deletion protection off on every UpdateTable
//     that does not say it on, and even on one that creates or deletes an
//     index: an update of a protected table says it on again, and creates
//     or deletes no index;
//   - Local keeps a deleted index DELETING for a long time (see
//     dropDeleting) and meanwhile fails UpdateTable with InternalFailure,
//     so a table that had an index deleted is updated no more;
//   - an UpdateTable that DynamoDB Local accepts but should refuse
//     (throughput on an on-demand table, a new index with throughput on
//     one) would change its table and not the engine's: those mistakes are
//     only made at creation, on a table of their own (see createMistaken).
//
// Table names are the namespace's prefix and the scenario's name (see
// prefixLen), so a name of 3 characters cannot be tried; the longest, 255,
// is, now and then.

// Pools the generator draws from.
var (
	genKeyTypes   = []types.ScalarAttributeType{types.ScalarAttributeTypeS, types.ScalarAttributeTypeN, types.ScalarAttributeTypeB}
	genIndexKeys  = []string{"a", "b", "c", "d"}
	genNonKeys    = []string{"v", "w", "x", "y", "z"}
	genViewTypes  = types.StreamViewType("").Values()
	genTagKeys    = []string{"env", "team", "k", "cost-center", "aws"}
	genTagValues  = []string{"", "a", "prod", "x y", "é"}
	genTTLAttrs   = []string{"exp", "ttl"}
	genCapacities = []int64{1, 2, 5, 10, 25}
)

// tableModel is what the generator knows of table T.
type tableModel struct {
	hasRange  bool
	defs      map[string]types.ScalarAttributeType
	onDemand  bool
	capacity  [2]int64            // the table's, when (last) provisioned
	gsis      map[string][2]int64 // the same, of each global index
	lsis      []string
	stream    bool
	ttl       string // the TTL attribute, "" when disabled
	protected bool
	// droppedIndex says that an index of the table has been deleted.
	droppedIndex bool
}

// tablesGen builds one scenario.
type tablesGen struct {
	r     *rand.Rand
	steps []Step
	t     *tableModel // nil while the table does not exist
	// name is the table's name: T, then T1, T2... for the tables created
	// after a deletion.
	name    string
	deleted int
	// history says that the table's provisioned throughput has changed,
	// which DynamoDB records and DynamoDB Local does not (see
	// throughputHistory).
	history bool
}

// throughputHistory are the fields of a provisioned throughput description
// that record its changes: DynamoDB Local never sets them (see
// localInstantUpdate), so steps after a change leave them out of the
// comparison.
var throughputHistory = []string{"LastIncreaseDateTime", "LastDecreaseDateTime", "NumberOfDecreasesToday"}

// knownLocal marks a generated step whose answer DynamoDB Local is known
// to give differently, for the reason why: the engine must answer the
// error code (success if "") and is not compared with DynamoDB Local.
func knownLocal(st *Step, why, code string) {
	st.Compare, st.LocalDiffers, st.Err = false, why, code
}

// randomTablesScenario returns the scenario that seed and index make: the
// same pair always makes the same scenario.
func randomTablesScenario(seed, index uint64) Scenario {
	g := &tablesGen{r: rand.New(rand.NewPCG(seed, index)), name: "T"}
	if g.r.IntN(8) == 0 {
		g.name += strings.Repeat("n", 255-prefixLen-len(g.name))
	}
	for range g.r.IntN(3) {
		g.createMistaken()
	}
	g.create()
	for range 6 + g.r.IntN(8) {
		g.operation()
	}
	return Scenario{Name: fmt.Sprintf("scenario-%d", index), Steps: g.steps}
}

// add appends a generated step, compared with DynamoDB Local.
func (g *tablesGen) add(name string, in any) {
	g.addStep(Step{Name: name, In: in, Compare: true})
}

// addStep appends a step, leaving the throughput history out of its
// comparison once there is one.
func (g *tablesGen) addStep(st Step) {
	if g.history {
		st.Unkept = throughputHistory
	}
	g.steps = append(g.steps, st)
}

// mistake reports whether the next request gets a deliberate mistake.
func (g *tablesGen) mistake() bool { return g.r.IntN(4) == 0 }

// create creates the table with random features and describes it.
func (g *tablesGen) create() {
	if g.deleted > 0 {
		g.name = "T" + strconv.Itoa(g.deleted)
	}
	in, m := g.createInput()
	g.add("create "+g.name, in)
	g.t, g.history = m, false
	g.add("describe "+g.name, &dynamodb.DescribeTableInput{TableName: str(g.name)})
}

// createInput returns a valid CreateTable request for the table and the
// model of the table it makes.
func (g *tablesGen) createInput() (*dynamodb.CreateTableInput, *tableModel) {
	r := g.r
	m := &tableModel{defs: map[string]types.ScalarAttributeType{"pk": pick(r, genKeyTypes)}, gsis: map[string][2]int64{}}
	in := &dynamodb.CreateTableInput{TableName: str(g.name), KeySchema: []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash)}}
	if r.IntN(2) == 0 {
		m.hasRange = true
		m.defs["sk"] = pick(r, genKeyTypes)
		in.KeySchema = append(in.KeySchema, keyElem("sk", types.KeyTypeRange))
	}
	switch r.IntN(3) {
	case 0:
		in.BillingMode, m.onDemand = types.BillingModePayPerRequest, true
	case 1:
		in.BillingMode = types.BillingModeProvisioned
	}
	if !m.onDemand {
		m.capacity = g.capacity()
		in.ProvisionedThroughput = throughput(m.capacity)
	}
	if m.hasRange && r.IntN(3) == 0 {
		for i := range 1 + r.IntN(3) {
			name := "lsi" + strconv.Itoa(i)
			in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, types.LocalSecondaryIndex{IndexName: str(name),
				KeySchema:  []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem(g.define(m, genIndexKeys), types.KeyTypeRange)},
				Projection: g.projection()})
			m.lsis = append(m.lsis, name)
		}
	}
	for i := range r.IntN(4) {
		ix := g.newGSI(m, "gsi"+strconv.Itoa(i))
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{IndexName: ix.IndexName,
			KeySchema: ix.KeySchema, Projection: ix.Projection, ProvisionedThroughput: ix.ProvisionedThroughput})
	}
	in.AttributeDefinitions = g.definitions(m.defs)
	switch r.IntN(4) {
	case 0:
		in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: pick(r, genViewTypes)}
		m.stream = true
	case 1:
		in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(false)}
	}
	if r.IntN(3) == 0 {
		in.Tags = g.tags()
	}
	if r.IntN(4) == 0 {
		in.SSESpecification = &types.SSESpecification{Enabled: aws.Bool(false)}
	}
	if r.IntN(3) == 0 {
		m.protected = r.IntN(2) == 0
		in.DeletionProtectionEnabled = aws.Bool(m.protected)
	}
	return in, m
}

// capacity returns random read and write capacity units.
func (g *tablesGen) capacity() [2]int64 {
	return [2]int64{pick(g.r, genCapacities), pick(g.r, genCapacities)}
}

// otherCapacity returns random read and write capacity units other than
// old.
func (g *tablesGen) otherCapacity(old [2]int64) [2]int64 {
	c := g.capacity()
	if c == old {
		c[0]++
	}
	return c
}

// throughput returns the ProvisionedThroughput of capacity units.
func throughput(c [2]int64) *types.ProvisionedThroughput {
	return &types.ProvisionedThroughput{ReadCapacityUnits: aws.Int64(c[0]), WriteCapacityUnits: aws.Int64(c[1])}
}

// define returns an attribute drawn from names, defining it in m with a
// random type if it is new.
func (g *tablesGen) define(m *tableModel, names []string) string {
	name := pick(g.r, names)
	if _, ok := m.defs[name]; !ok {
		m.defs[name] = pick(g.r, genKeyTypes)
	}
	return name
}

// definitions returns the attribute definitions of defs in random order.
func (g *tablesGen) definitions(defs map[string]types.ScalarAttributeType) []types.AttributeDefinition {
	names := slices.Sorted(maps.Keys(defs))
	g.r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	out := make([]types.AttributeDefinition, len(names))
	for i, n := range names {
		out[i] = attrDef(n, defs[n])
	}
	return out
}

// newGSI returns a valid new global secondary index of T named name and
// records it in m, its key attributes among m's definitions.
func (g *tablesGen) newGSI(m *tableModel, name string) types.CreateGlobalSecondaryIndexAction {
	keys := append([]string{"pk"}, genIndexKeys...)
	if m.hasRange {
		keys = append(keys, "sk")
	}
	hash := g.define(m, keys)
	ks := []types.KeySchemaElement{keyElem(hash, types.KeyTypeHash)}
	if g.r.IntN(2) == 0 {
		if rng := g.define(m, keys); rng != hash {
			ks = append(ks, keyElem(rng, types.KeyTypeRange))
		}
	}
	ix := types.CreateGlobalSecondaryIndexAction{IndexName: str(name), KeySchema: ks, Projection: g.projection()}
	var c [2]int64
	if !m.onDemand {
		c = g.capacity()
		ix.ProvisionedThroughput = throughput(c)
	}
	m.gsis[name] = c
	return ix
}

// projection returns a valid random projection.
func (g *tablesGen) projection() *types.Projection {
	switch g.r.IntN(3) {
	case 0:
		return &types.Projection{ProjectionType: types.ProjectionTypeAll}
	case 1:
		return &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly}
	}
	return &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: subset(g.r, genNonKeys)}
}

// tags returns one to three tags of distinct keys.
func (g *tablesGen) tags() []types.Tag {
	var tags []types.Tag
	for _, k := range subset(g.r, genTagKeys) {
		tags = append(tags, types.Tag{Key: str(k), Value: str(pick(g.r, genTagValues))})
	}
	return tags
}

// createMistaken tries to create the table with one mistake.
func (g *tablesGen) createMistaken() {
	in, m := g.createInput()
	st := Step{Compare: true, In: in}
	st.Name = "create with " + pick(g.r, createMistakes)(g, &st, in, m)
	if st.LocalDiffers == "" || st.RawNames || strings.HasPrefix(st.Name, "create with a name") {
		g.addStep(st)
		return
	}
	// DynamoDB Local may create the table it should refuse: one of its
	// own, dropped at once where it exists.
	name := "L" + strconv.Itoa(len(g.steps))
	in.TableName, in.DeletionProtectionEnabled = str(name), nil
	g.addStep(st)
	drop := Step{Name: "drop " + name + " where DynamoDB Local made it", In: &dynamodb.DeleteTableInput{TableName: str(name)}}
	knownLocal(&drop, st.LocalDiffers, "ResourceNotFoundException")
	g.addStep(drop)
}

// createMistakes each put one mistake into a valid CreateTable request for
// a table modelled by m and name it.
var createMistakes = []func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string{
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		st.RawNames = true
		in.TableName = str("ab")
		knownLocal(st, localModelValidation, validation)
		return "a name of 2 characters"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		in.TableName = str(strings.Repeat("n", 256-prefixLen))
		knownLocal(st, localModelValidation, validation)
		return "a name of 256 characters"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		in.TableName = str(pick(g.r, []string{"T!", "a b", "T/x", "tablé", "T:1"}))
		knownLocal(st, localModelValidation, validation)
		return "a name with an invalid character"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		what := "the range key first"
		in.KeySchema = []types.KeySchemaElement{keyElem("sk", types.KeyTypeRange), keyElem("pk", types.KeyTypeHash)}
		if g.r.IntN(2) == 0 {
			in.KeySchema, what = []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeHash)}, "two hash keys"
		}
		in.AttributeDefinitions = g.definitions(withDef(m.defs, "sk"))
		in.LocalSecondaryIndexes = nil
		knownLocal(st, localCreateTableMessages, validation)
		return what
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		in.KeySchema = []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange), keyElem("s2", types.KeyTypeRange)}
		in.AttributeDefinitions = g.definitions(withDef(withDef(m.defs, "sk"), "s2"))
		knownLocal(st, localModelValidation, validation)
		return "three key elements"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		in.KeySchema[len(in.KeySchema)-1].KeyType = types.KeyType(pick(g.r, []string{"PRIMARY", "hash", "SORT"}))
		knownLocal(st, localShapeValidation, validation)
		return "an invalid key type"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		typ := pick(g.r, []string{"BOOL", "SS", "M", "s"})
		for i := range in.AttributeDefinitions {
			if *in.AttributeDefinitions[i].AttributeName == "pk" {
				in.AttributeDefinitions[i].AttributeType = types.ScalarAttributeType(typ)
			}
		}
		knownLocal(st, localShapeValidation, validation)
		return "the hash key of type " + typ
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		in.AttributeDefinitions = slices.DeleteFunc(in.AttributeDefinitions, func(d types.AttributeDefinition) bool { return *d.AttributeName == "pk" })
		return "no definition of the hash key"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		in.AttributeDefinitions = append(in.AttributeDefinitions, attrDef("extra", pick(g.r, genKeyTypes)))
		// DynamoDB Local words it its own way, or accepts it.
		knownLocal(st, localCreateTableMessages, validation)
		return "an unused attribute definition"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		d := pick(g.r, in.AttributeDefinitions)
		if g.r.IntN(2) == 0 {
			d.AttributeType = pick(g.r, genKeyTypes)
		}
		in.AttributeDefinitions = append(in.AttributeDefinitions, d)
		return "an attribute defined twice"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		if !m.hasRange {
			in.LocalSecondaryIndexes = []types.LocalSecondaryIndex{g.lsi(m, "lsi9")}
			in.AttributeDefinitions = g.definitions(m.defs)
			knownLocal(st, localCreateTableMessages, validation)
			return "a local index on a hash-only table"
		}
		for i := len(in.LocalSecondaryIndexes); i < 6; i++ {
			in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, g.lsi(m, "lsi"+strconv.Itoa(i)))
		}
		in.AttributeDefinitions = g.definitions(m.defs)
		knownLocal(st, localCreateTableMessages, validation)
		return "six local indexes"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		m.hasRange = true
		in.KeySchema = []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem("sk", types.KeyTypeRange)}
		m.defs = withDef(m.defs, "sk")
		ix := g.lsi(m, "lsi9")
		switch g.r.IntN(4) {
		case 0:
			ix.KeySchema[0].AttributeName = str(g.define(m, genIndexKeys))
			if *ix.KeySchema[0].AttributeName == *ix.KeySchema[1].AttributeName {
				ix.KeySchema[1].AttributeName = str("sk")
			}
		case 1:
			ix.KeySchema = ix.KeySchema[:1]
		case 2:
			ix.IndexName = str(pick(g.r, []string{"ab", "bad name", strings.Repeat("i", 256)}))
			knownLocal(st, localModelValidation, validation)
		case 3:
			in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, g.lsi(m, "lsi9"))
			knownLocal(st, localCreateTableMessages, validation)
		}
		in.LocalSecondaryIndexes = append(in.LocalSecondaryIndexes, ix)
		in.AttributeDefinitions = g.definitions(m.defs)
		return "a wrong local index"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		ix := g.newGSI(m, "gsi9")
		gi := types.GlobalSecondaryIndex{IndexName: ix.IndexName, KeySchema: ix.KeySchema, Projection: ix.Projection, ProvisionedThroughput: ix.ProvisionedThroughput}
		what := g.gsiMistake(st, m, &gi.IndexName, &gi.KeySchema, &gi.ProvisionedThroughput, in.GlobalSecondaryIndexes)
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, gi)
		in.AttributeDefinitions = g.definitions(m.defs)
		return what
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		ix := g.newGSI(m, "gsi9")
		ix.Projection = g.projectionMistake(st)
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{IndexName: ix.IndexName,
			KeySchema: ix.KeySchema, Projection: ix.Projection, ProvisionedThroughput: ix.ProvisionedThroughput})
		in.AttributeDefinitions = g.definitions(m.defs)
		return "a wrong projection"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		if m.onDemand {
			in.ProvisionedThroughput = throughput(g.capacity())
			knownLocal(st, localOnDemandThroughput, validation)
			return "throughput on an on-demand table"
		}
		in.ProvisionedThroughput = nil
		return "no throughput on a provisioned table"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		in.BillingMode = types.BillingModeProvisioned
		c := pick(g.r, []int64{0, -1, -100})
		in.ProvisionedThroughput = throughput(g.capacity())
		if g.r.IntN(2) == 0 {
			in.ProvisionedThroughput.ReadCapacityUnits = &c
		} else {
			in.ProvisionedThroughput.WriteCapacityUnits = &c
		}
		for i := range in.GlobalSecondaryIndexes {
			in.GlobalSecondaryIndexes[i].ProvisionedThroughput = throughput(g.capacity())
		}
		knownLocal(st, localCapacityMessages, validation)
		return "capacity " + strconv.FormatInt(c, 10)
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		if g.r.IntN(2) == 0 {
			in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true)}
			knownLocal(st, localStreamMessages, validation)
			return "a stream enabled without a view type"
		}
		in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(false), StreamViewType: pick(g.r, genViewTypes)}
		knownLocal(st, localStreamMessages, validation)
		return "a stream disabled with a view type"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		tags := g.tags()
		switch g.r.IntN(3) {
		case 0:
			tags[0].Key = str("")
		case 1:
			tags[0].Key = str(strings.Repeat("k", 129))
		case 2:
			tags[0].Value = str(strings.Repeat("v", 257))
		}
		in.Tags = tags
		knownLocal(st, localNoTagging, validation)
		return "an invalid tag"
	},
	func(g *tablesGen, st *Step, in *dynamodb.CreateTableInput, m *tableModel) string {
		switch g.r.IntN(3) {
		case 0:
			in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: "ALL"}
			knownLocal(st, localShapeValidation, validation)
			return "an invalid stream view type"
		case 1:
			in.SSESpecification = &types.SSESpecification{Enabled: aws.Bool(true), SSEType: "DES"}
			knownLocal(st, localShapeValidation, validation)
			return "an invalid encryption type"
		}
		in.TableClass = "GLACIER"
		knownLocal(st, localTableClassEnum, validation)
		return "an invalid table class"
	},
}

// withDef returns defs with name defined too (as S if it was not).
func withDef(defs map[string]types.ScalarAttributeType, name string) map[string]types.ScalarAttributeType {
	out := maps.Clone(defs)
	if _, ok := out[name]; !ok {
		out[name] = types.ScalarAttributeTypeS
	}
	return out
}

// lsi returns a valid local secondary index of a table with a range key,
// named name.
func (g *tablesGen) lsi(m *tableModel, name string) types.LocalSecondaryIndex {
	return types.LocalSecondaryIndex{IndexName: str(name),
		KeySchema:  []types.KeySchemaElement{keyElem("pk", types.KeyTypeHash), keyElem(g.define(m, genIndexKeys), types.KeyTypeRange)},
		Projection: g.projection()}
}

// gsiMistake puts one mistake into a new global secondary index (its name,
// key schema or throughput) of a table that has the indexes others, made
// by st, and names it.
func (g *tablesGen) gsiMistake(st *Step, m *tableModel, name **string, ks *[]types.KeySchemaElement, pt **types.ProvisionedThroughput, others []types.GlobalSecondaryIndex) string {
	kind := g.r.IntN(7)
	_, update := st.In.(*dynamodb.UpdateTableInput)
	if kind == 4 && m.onDemand && update {
		kind = 6 // (see the top of this file)
	}
	switch kind {
	case 0:
		if len(others) > 0 {
			*name = others[0].IndexName
			knownLocal(st, localCreateTableMessages, validation)
			return "a duplicate global index name"
		}
		if len(m.lsis) > 0 {
			*name = str(m.lsis[0])
			return "a global index named like a local one"
		}
		fallthrough
	case 1:
		*name = str(pick(g.r, []string{"ab", "a", "bad name", "ix!", strings.Repeat("i", 256)}))
		knownLocal(st, localModelValidation, validation)
		return "an invalid global index name"
	case 2:
		(*ks)[0].AttributeName = str("undefined")
		return "a global index key without definition"
	case 3:
		*ks = append(*ks, keyElem(g.define(m, genIndexKeys), types.KeyTypeHash))
		*ks = []types.KeySchemaElement{(*ks)[len(*ks)-1], (*ks)[0]}
		(*ks)[0].KeyType = types.KeyTypeRange
		knownLocal(st, localCreateTableMessages, validation)
		return "a global index key with its range first"
	case 4:
		if m.onDemand {
			*pt = throughput(g.capacity())
			knownLocal(st, localOnDemandThroughput, validation)
			return "global index throughput on an on-demand table"
		}
		*pt = nil
		if update {
			knownLocal(st, "DynamoDB Local fails with InternalFailure on a new index without throughput on a provisioned table", validation)
		}
		return "a global index without throughput on a provisioned table"
	case 5:
		if !m.onDemand {
			*pt = throughput(g.capacity())
			(*pt).ReadCapacityUnits = aws.Int64(pick(g.r, []int64{0, -5}))
			knownLocal(st, localCapacityMessages, validation)
			return "a global index of no read capacity"
		}
		fallthrough
	default:
		(*ks)[0].KeyType = "PRIMARY"
		knownLocal(st, localShapeValidation, validation)
		return "a global index key of an invalid type"
	}
}

// projectionMistake returns a projection with one mistake for a new index
// that st makes.
func (g *tablesGen) projectionMistake(st *Step) *types.Projection {
	// (A key attribute among NonKeyAttributes is no mistake: DynamoDB
	// Local and the engine accept it, and AWS documents no refusal.)
	switch g.r.IntN(6) {
	case 0:
		a := pick(g.r, genNonKeys)
		return &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: []string{a, "q", a}}
	case 1:
		many := make([]string, 101)
		for i := range many {
			many[i] = "p" + strconv.Itoa(i)
		}
		// DynamoDB Local's limit, "No more than 20 attributes per table
		// can be projected into Local Secondary Indices", is not
		// DynamoDB's 100 (Developer Guide, quotas).
		knownLocal(st, localCreateTableMessages, validation)
		return &types.Projection{ProjectionType: types.ProjectionTypeInclude, NonKeyAttributes: many}
	case 2:
		knownLocal(st, localCreateTableMessages, validation)
		return &types.Projection{ProjectionType: types.ProjectionTypeInclude}
	case 3:
		knownLocal(st, localCreateTableMessages, validation)
		return &types.Projection{ProjectionType: types.ProjectionTypeKeysOnly, NonKeyAttributes: []string{"x"}}
	case 4:
		knownLocal(st, localCreateTableMessages, validation)
		return &types.Projection{ProjectionType: types.ProjectionTypeAll, NonKeyAttributes: []string{"x", "y"}}
	}
	knownLocal(st, localShapeValidation, validation)
	return &types.Projection{ProjectionType: "SOME"}
}

// operation appends a random table operation, or the creation of the table
// when it does not exist (most of the time).
func (g *tablesGen) operation() {
	if g.t == nil && g.r.IntN(3) > 0 {
		g.create()
		return
	}
	switch k := g.r.IntN(20); {
	case k < 7 && g.t != nil && g.t.droppedIndex:
		g.add("describe "+g.name, &dynamodb.DescribeTableInput{TableName: str(g.name)})
	case k < 7:
		g.updateTable()
	case k < 9:
		g.timeToLive()
	case k < 12:
		g.tagging()
	case k < 14:
		g.add("describe "+g.name, &dynamodb.DescribeTableInput{TableName: str(g.name)})
	case k < 15:
		g.add("list tables", &dynamodb.ListTablesInput{})
	case k < 16 && g.t == nil:
		g.create()
	case k < 16:
		in, _ := g.createInput()
		g.add("create "+g.name+" again", in)
	default:
		g.deleteTable()
	}
}

// deleteTable deletes the table, which fails while its deletion
// protection is on.
func (g *tablesGen) deleteTable() {
	g.add("delete "+g.name, &dynamodb.DeleteTableInput{TableName: str(g.name)})
	if g.t != nil && !g.t.protected {
		g.t = nil
		g.deleted++
	}
}

// timeToLive changes or describes the table's time to live.
func (g *tablesGen) timeToLive() {
	r := g.r
	if r.IntN(3) == 0 {
		g.add("describe time to live", &dynamodb.DescribeTimeToLiveInput{TableName: str(g.name)})
		return
	}
	cur := ""
	if g.t != nil {
		cur = g.t.ttl
	}
	spec := &types.TimeToLiveSpecification{Enabled: aws.Bool(cur == ""), AttributeName: str(cur)}
	if cur == "" {
		spec.AttributeName = str(pick(r, genTTLAttrs))
	}
	st := Step{Name: "enable time to live", Compare: true, In: &dynamodb.UpdateTimeToLiveInput{TableName: str(g.name), TimeToLiveSpecification: spec}}
	if cur != "" {
		st.Name = "disable time to live"
	}
	switch {
	case g.t == nil:
		// (No mistakes: which of a mistake and a missing table DynamoDB
		// reports first varies.)
	case g.mistake() && r.IntN(2) == 0:
		spec.Enabled = aws.Bool(!*spec.Enabled)
		st.Name += ", the wrong way round"
	case g.mistake():
		spec.AttributeName = str(pick(r, []string{"other", "a.b", strings.Repeat("t", 256)}))
		st.Name += " of another attribute"
		if len(*spec.AttributeName) > 255 {
			knownLocal(&st, localShapeValidation, validation)
		}
	case *spec.Enabled:
		g.t.ttl = *spec.AttributeName
	default:
		g.t.ttl = ""
	}
	g.addStep(st)
}

// tableARN is the ARN of table name (the namespace moves it into the
// run's own).
func tableARN(name string) *string {
	return str("arn:aws:dynamodb:ddblocal:000000000000:table/" + name)
}

// tagging tags, untags or lists the tags of the table. DynamoDB Local
// supports no tagging, so these steps are checked on the engine alone.
func (g *tablesGen) tagging() {
	r := g.r
	st := Step{}
	knownLocal(&st, localNoTagging, "")
	switch r.IntN(3) {
	case 0:
		in := &dynamodb.TagResourceInput{ResourceArn: tableARN(g.name), Tags: g.tags()}
		if g.mistake() {
			in.Tags[0].Key = str(pick(r, []string{"", strings.Repeat("k", 129)}))
			st.Err = validation
		}
		st.Name, st.In = "tag "+g.name, in
	case 1:
		st.Name, st.In = "untag "+g.name, &dynamodb.UntagResourceInput{ResourceArn: tableARN(g.name), TagKeys: subset(r, genTagKeys)}
	default:
		st.Name, st.In = "list the tags of "+g.name, &dynamodb.ListTagsOfResourceInput{ResourceArn: tableARN(g.name)}
	}
	if g.t == nil && st.Err == "" {
		st.Err = "ResourceNotFoundException"
	}
	g.addStep(st)
}

// updateTable changes the table: one or several valid changes, or one
// mistake.
func (g *tablesGen) updateTable() {
	in := &dynamodb.UpdateTableInput{TableName: str(g.name)}
	st := Step{Compare: true, In: in}
	m := g.t
	if m == nil {
		m = &tableModel{gsis: map[string][2]int64{}, defs: map[string]types.ScalarAttributeType{}}
	}
	next := *m
	next.gsis = maps.Clone(m.gsis)
	next.defs = maps.Clone(m.defs)
	if g.t != nil && g.mistake() {
		// (Only on a table that exists: which of a mistake and a missing
		// table DynamoDB reports first varies.)
		st.Name = "update: " + pick(g.r, updateMistakes)(g, &st, in, &next)
	} else {
		var names []string
		for range 1 + g.r.IntN(3) {
			if n := g.change(in, &next); n != "" {
				names = append(names, n)
			}
			if indexChange(in) {
				break
			}
		}
		st.Name = "update: " + strings.Join(names, ", ")
		switch {
		case len(names) == 0:
			knownLocal(&st, localNothingToUpdate, validation)
		case g.t == nil:
		case indexChange(in):
			// The answer describes the index change under way, which
			// DynamoDB Local makes at a moment of its own; the next step
			// compares where both end.
			knownLocal(&st, localInstantUpdate, "")
			st.LocalRacy = true
		}
		if g.t != nil && len(names) > 0 {
			g.history = g.history || in.ProvisionedThroughput != nil || in.BillingMode != "" ||
				slices.ContainsFunc(in.GlobalSecondaryIndexUpdates, func(u types.GlobalSecondaryIndexUpdate) bool { return u.Update != nil })
			*g.t = next
		}
	}
	if g.t != nil && g.t.protected && in.DeletionProtectionEnabled == nil && st.LocalDiffers != localNothingToUpdate && !indexChange(in) {
		in.DeletionProtectionEnabled = aws.Bool(true)
	}
	g.addStep(st)
	if len(in.GlobalSecondaryIndexUpdates) > 0 {
		g.add("await the index change", &awaitActive{TableName: str(g.name)})
	}
}

// indexChange reports whether an UpdateTable request creates or deletes a
// global secondary index.
func indexChange(in *dynamodb.UpdateTableInput) bool {
	return slices.ContainsFunc(in.GlobalSecondaryIndexUpdates, func(u types.GlobalSecondaryIndexUpdate) bool { return u.Update == nil })
}

// change adds one valid change to an UpdateTable request for a table
// modelled by m, which it updates, and names it ("" if it adds none).
// Streams and throughput do not change in one request, and an index is
// created or deleted alone, as the API reference's UpdateTable asks ("You
// can only perform one of the following operations at once"): DynamoDB
// Local ignores a deletion protection change made with an index creation
// and never finishes deleting an index deleted with a stream change.
func (g *tablesGen) change(in *dynamodb.UpdateTableInput, m *tableModel) string {
	r := g.r
	switch r.IntN(5) {
	case 0:
		if in.BillingMode != "" || in.ProvisionedThroughput != nil || in.GlobalSecondaryIndexUpdates != nil || in.StreamSpecification != nil {
			return ""
		}
		if m.onDemand {
			// DynamoDB Local compares the throughput of a table switched
			// back to provisioned with the one it had before ("The
			// requested throughput value equals the current value"), which
			// the model keeps: other values.
			in.BillingMode = types.BillingModeProvisioned
			m.capacity = g.otherCapacity(m.capacity)
			in.ProvisionedThroughput = throughput(m.capacity)
			for _, n := range slices.Sorted(maps.Keys(m.gsis)) {
				m.gsis[n] = g.otherCapacity(m.gsis[n])
				in.GlobalSecondaryIndexUpdates = append(in.GlobalSecondaryIndexUpdates, types.GlobalSecondaryIndexUpdate{
					Update: &types.UpdateGlobalSecondaryIndexAction{IndexName: str(n), ProvisionedThroughput: throughput(m.gsis[n])}})
			}
			m.onDemand = false
			return "switch to provisioned"
		}
		if r.IntN(2) == 0 {
			in.BillingMode = types.BillingModePayPerRequest
			m.onDemand = true
			return "switch to on demand"
		}
		m.capacity = g.otherCapacity(m.capacity)
		in.ProvisionedThroughput = throughput(m.capacity)
		return "change throughput"
	case 1:
		if in.GlobalSecondaryIndexUpdates != nil || in.BillingMode != "" || in.ProvisionedThroughput != nil ||
			in.StreamSpecification != nil || in.DeletionProtectionEnabled != nil || m.protected {
			return ""
		}
		if len(m.gsis) > 0 && r.IntN(2) == 0 {
			n := pick(r, slices.Sorted(maps.Keys(m.gsis)))
			delete(m.gsis, n)
			m.droppedIndex = true
			in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: str(n)}}}
			return "delete " + n
		}
		if len(m.gsis) >= 5 {
			return ""
		}
		n := g.freeGSIName(m)
		ix := g.newGSI(m, n)
		in.AttributeDefinitions = g.keyDefinitions(m, ix.KeySchema)
		in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Create: &ix}}
		return "create " + n
	case 2:
		if in.GlobalSecondaryIndexUpdates != nil || in.BillingMode != "" || in.StreamSpecification != nil || m.onDemand || len(m.gsis) == 0 {
			return ""
		}
		n := pick(r, slices.Sorted(maps.Keys(m.gsis)))
		m.gsis[n] = g.otherCapacity(m.gsis[n])
		in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Update: &types.UpdateGlobalSecondaryIndexAction{IndexName: str(n), ProvisionedThroughput: throughput(m.gsis[n])}}}
		return "change the throughput of " + n
	case 3:
		if in.StreamSpecification != nil || in.ProvisionedThroughput != nil || in.BillingMode != "" ||
			slices.ContainsFunc(in.GlobalSecondaryIndexUpdates, func(u types.GlobalSecondaryIndexUpdate) bool { return u.Update != nil }) {
			return ""
		}
		if m.stream {
			in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(false)}
			m.stream = false
			return "disable the stream"
		}
		in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: pick(r, genViewTypes)}
		m.stream = true
		return "enable a stream"
	default:
		if in.DeletionProtectionEnabled != nil {
			return ""
		}
		m.protected = r.IntN(2) == 0
		in.DeletionProtectionEnabled = aws.Bool(m.protected)
		return "deletion protection " + strconv.FormatBool(m.protected)
	}
}

// freeGSIName returns a name no index of m has.
func (g *tablesGen) freeGSIName(m *tableModel) string {
	for i := 0; ; i++ {
		n := "gsi" + strconv.Itoa(i)
		if _, ok := m.gsis[n]; !ok && !slices.Contains(m.lsis, n) {
			return n
		}
	}
}

// keyDefinitions returns the definitions of the attributes of a key schema.
func (g *tablesGen) keyDefinitions(m *tableModel, ks []types.KeySchemaElement) []types.AttributeDefinition {
	defs := map[string]types.ScalarAttributeType{}
	for _, k := range ks {
		defs[*k.AttributeName] = m.defs[*k.AttributeName]
	}
	return g.definitions(defs)
}

// updateMistakes each make an UpdateTable request (of the step st) for a
// table modelled by m with one mistake and name it.
var updateMistakes = []func(g *tablesGen, st *Step, in *dynamodb.UpdateTableInput, m *tableModel) string{
	func(g *tablesGen, st *Step, in *dynamodb.UpdateTableInput, m *tableModel) string {
		in.BillingMode = types.BillingModeProvisioned
		knownLocal(st, localProvisionedWithout, validation)
		if m.onDemand {
			return "switch to provisioned without throughput"
		}
		return "provisioned again without throughput"
	},
	func(g *tablesGen, st *Step, in *dynamodb.UpdateTableInput, m *tableModel) string {
		if m.onDemand {
			in.BillingMode = types.BillingModeProvisioned
			in.ProvisionedThroughput = throughput([2]int64{0, 1})
			knownLocal(st, localCapacityMessages, validation)
			return "switch to provisioned with no read capacity"
		}
		if g.r.IntN(3) == 0 {
			in.ProvisionedThroughput = throughput(m.capacity)
			knownLocal(st, localSameThroughput, validation)
			return "the same throughput"
		}
		c := g.capacity()
		c[g.r.IntN(2)] = pick(g.r, []int64{0, -1})
		in.ProvisionedThroughput = throughput(c)
		knownLocal(st, localCapacityMessages, validation)
		return "capacity below 1"
	},
	func(g *tablesGen, st *Step, in *dynamodb.UpdateTableInput, m *tableModel) string {
		ix := g.newGSI(m, g.freeGSIName(m))
		in.AttributeDefinitions = g.keyDefinitions(m, ix.KeySchema)
		what := g.gsiMistake(st, m, &ix.IndexName, &ix.KeySchema, &ix.ProvisionedThroughput, nil)
		in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Create: &ix}}
		return what
	},
	func(g *tablesGen, st *Step, in *dynamodb.UpdateTableInput, m *tableModel) string {
		ix := g.newGSI(m, g.freeGSIName(m))
		in.AttributeDefinitions = g.keyDefinitions(m, ix.KeySchema)
		ix.Projection = g.projectionMistake(st)
		in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Create: &ix}}
		return "a new index with a wrong projection"
	},
	func(g *tablesGen, st *Step, in *dynamodb.UpdateTableInput, m *tableModel) string {
		ix := g.newGSI(m, g.freeGSIName(m))
		in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Create: &ix}}
		if g.r.IntN(2) == 0 {
			return "a new index without attribute definitions"
		}
		in.AttributeDefinitions = g.keyDefinitions(m, ix.KeySchema)
		in.AttributeDefinitions[0].AttributeType = pick(g.r, []types.ScalarAttributeType{"BOOL", "SS"})
		knownLocal(st, localShapeValidation, validation)
		return "a new index key of an invalid type"
	},
	func(g *tablesGen, st *Step, in *dynamodb.UpdateTableInput, m *tableModel) string {
		a := g.newGSI(m, g.freeGSIName(m))
		b := g.newGSI(m, g.freeGSIName(m))
		in.AttributeDefinitions = g.keyDefinitions(m, append(slices.Clone(a.KeySchema), b.KeySchema...))
		in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Create: &a}, {Create: &b}}
		return "two new indexes"
	},
	func(g *tablesGen, st *Step, in *dynamodb.UpdateTableInput, m *tableModel) string {
		if len(m.gsis) > 0 && g.r.IntN(2) == 0 {
			n := pick(g.r, slices.Sorted(maps.Keys(m.gsis)))
			in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: str(n)}},
				{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: str(n)}}}
			knownLocal(st, localIndexUpdateTwice, validation)
			return "delete an index twice"
		}
		in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Delete: &types.DeleteGlobalSecondaryIndexAction{IndexName: str("nope")}}}
		return "delete an unknown index"
	},
	func(g *tablesGen, st *Step, in *dynamodb.UpdateTableInput, m *tableModel) string {
		c := g.capacity()
		if m.onDemand || len(m.gsis) == 0 || g.r.IntN(3) == 0 {
			in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Update: &types.UpdateGlobalSecondaryIndexAction{IndexName: str("nope"), ProvisionedThroughput: throughput(c)}}}
			if m.onDemand {
				knownLocal(st, localOnDemandThroughput, validation)
			} else {
				knownLocal(st, localUnknownIndexUpdate, "ResourceNotFoundException")
			}
			return "a throughput change of an unknown index"
		}
		n := pick(g.r, slices.Sorted(maps.Keys(m.gsis)))
		c[0] = 0
		in.GlobalSecondaryIndexUpdates = []types.GlobalSecondaryIndexUpdate{{Update: &types.UpdateGlobalSecondaryIndexAction{IndexName: str(n), ProvisionedThroughput: throughput(c)}}}
		knownLocal(st, localCapacityMessages, validation)
		return "no read capacity for index " + n
	},
	func(g *tablesGen, st *Step, in *dynamodb.UpdateTableInput, m *tableModel) string {
		switch g.r.IntN(3) {
		case 0:
			in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true)}
			knownLocal(st, localStreamMessages, validation)
			return "enable a stream without a view type"
		case 1:
			in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(false), StreamViewType: pick(g.r, genViewTypes)}
			knownLocal(st, localStreamMessages, validation)
			return "disable a stream with a view type"
		}
		knownLocal(st, localStreamMessages, validation)
		if m.stream {
			in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(true), StreamViewType: pick(g.r, genViewTypes)}
			return "enable the stream again"
		}
		in.StreamSpecification = &types.StreamSpecification{StreamEnabled: aws.Bool(false)}
		return "disable a stream that is not there"
	},
}
