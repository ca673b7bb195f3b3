package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/spf13/pflag"

	"github.com/ddbkit/ddb/internal/itemio"
)

// exprFlags are the placeholder flags of the commands that take
// expressions, in the AWS CLI's style: an expression names attributes as
// #name and values as :value, and --names and --values say what they are.
type exprFlags struct {
	names  []string // '{"#s": "status"}' or '#s=status'
	values []string // '{":v": 5}' or ':v=5'
	// awsValues is --expression-attribute-values, the AWS CLI's flag,
	// which is DynamoDB JSON whatever --ddb-json says.
	awsValues string
}

// define adds the flags to fs.
func (e *exprFlags) define(fs *pflag.FlagSet) {
	fs.StringArrayVar(&e.names, "names", nil, `placeholders of attribute names: '{"#s": "status"}' or '#s=status' (repeatable)`)
	fs.StringArrayVar(&e.values, "values", nil, `placeholders of values: '{":v": 5}' or ':v=5' (repeatable; a value that is not JSON is a string)`)
	fs.StringVar(&e.awsValues, "aws-values", "", "--values in DynamoDB JSON (the AWS CLI's --expression-attribute-values)")
	fs.MarkHidden("aws-values")
}

// exprParams are the placeholders of a request's expressions: those the
// command line gave, and those its shorthand flags add.
type exprParams struct {
	names  map[string]string
	values map[string]types.AttributeValue
	seq    int
	nameOf map[string]string // placeholder given to each attribute named by a shorthand flag
}

// params reads the placeholders of the flags; values are JSON in format f.
func (e *exprFlags) params(f itemio.Format) (*exprParams, error) {
	p := &exprParams{names: map[string]string{}, values: map[string]types.AttributeValue{}, nameOf: map[string]string{}}
	for _, spec := range e.names {
		if strings.HasPrefix(strings.TrimSpace(spec), "{") {
			var m map[string]string
			if err := json.Unmarshal([]byte(spec), &m); err != nil {
				return nil, fmt.Errorf("--names %s: want a JSON object of strings: %v", spec, err)
			}
			for k, v := range m {
				if err := p.addName(k, v); err != nil {
					return nil, err
				}
			}
			continue
		}
		k, v, ok := strings.Cut(spec, "=")
		if !ok {
			return nil, fmt.Errorf("--names %s: want #placeholder=attribute or a JSON object", spec)
		}
		if err := p.addName(k, v); err != nil {
			return nil, err
		}
	}
	for _, spec := range e.values {
		if strings.HasPrefix(strings.TrimSpace(spec), "{") {
			if err := p.addValues(f, spec, "--values"); err != nil {
				return nil, err
			}
			continue
		}
		k, v, ok := strings.Cut(spec, "=")
		if !ok {
			return nil, fmt.Errorf("--values %s: want :placeholder=value or a JSON object", spec)
		}
		value, err := shorthandValue(f, v)
		if err != nil {
			return nil, fmt.Errorf("--values %s: %v", k, err)
		}
		if err := p.addValue(k, value); err != nil {
			return nil, err
		}
	}
	if e.awsValues != "" {
		if err := p.addValues(itemio.DynamoJSON, e.awsValues, "--expression-attribute-values"); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *exprParams) addName(placeholder, name string) error {
	if !strings.HasPrefix(placeholder, "#") {
		return fmt.Errorf("--names: placeholder %q must start with #", placeholder)
	}
	if _, dup := p.names[placeholder]; dup {
		return fmt.Errorf("--names: %s is given twice", placeholder)
	}
	p.names[placeholder] = name
	return nil
}

func (p *exprParams) addValue(placeholder string, v types.AttributeValue) error {
	if !strings.HasPrefix(placeholder, ":") {
		return fmt.Errorf("--values: placeholder %q must start with :", placeholder)
	}
	if _, dup := p.values[placeholder]; dup {
		return fmt.Errorf("--values: %s is given twice", placeholder)
	}
	p.values[placeholder] = v
	return nil
}

// addValues adds the values of a JSON object in format f.
func (p *exprParams) addValues(f itemio.Format, text, flag string) error {
	m, err := itemio.Unmarshal(f, []byte(text))
	if err != nil {
		return fmt.Errorf("%s: %v", flag, err)
	}
	for k, v := range m {
		if err := p.addValue(k, v); err != nil {
			return err
		}
	}
	return nil
}

// name returns the placeholder of an attribute named by a shorthand flag,
// adding it.
func (p *exprParams) name(attr string) string {
	if ph, ok := p.nameOf[attr]; ok {
		return ph
	}
	ph := p.fresh("#", func(s string) bool { _, used := p.names[s]; return used })
	p.names[ph] = attr
	p.nameOf[attr] = ph
	return ph
}

// value returns a new placeholder for a value of a shorthand flag.
func (p *exprParams) value(v types.AttributeValue) string {
	ph := p.fresh(":", func(s string) bool { _, used := p.values[s]; return used })
	p.values[ph] = v
	return ph
}

// fresh returns a placeholder with prefix that is not used yet.
func (p *exprParams) fresh(prefix string, used func(string) bool) string {
	for {
		ph := prefix + "k" + strconv.Itoa(p.seq)
		p.seq++
		if !used(ph) {
			return ph
		}
	}
}

// path returns a document path of a shorthand flag (a.b[0].c) with its
// attribute names as placeholders. A name may hold spaces but not begin or
// end with one: "total = total + :x" is an update expression given where a
// PATH=VALUE belongs, not an attribute "total " to set to a string.
func (p *exprParams) path(path string) (string, error) {
	var b strings.Builder
	for i, seg := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(seg, "[")
		if name == "" {
			return "", fmt.Errorf("%q is not an attribute path (such as name, address.city or tags[0])", path)
		}
		if strings.TrimSpace(name) != name {
			return "", fmt.Errorf("%q is not an attribute path: a name does not begin or end with a space (--update takes an update expression)", path)
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p.name(name))
		if rest != "" {
			for _, ix := range strings.Split("["+rest, "[")[1:] {
				n, ok := strings.CutSuffix(ix, "]")
				if _, err := strconv.Atoi(n); !ok || err != nil {
					return "", fmt.Errorf("%q is not an attribute path (such as name, address.city or tags[0])", path)
				}
				b.WriteString("[" + n + "]")
			}
		}
	}
	return b.String(), nil
}

// attributeNames returns the names for a request, nil when there are none
// (DynamoDB refuses an empty map).
func (p *exprParams) attributeNames() map[string]string {
	if len(p.names) == 0 {
		return nil
	}
	return maps.Clone(p.names)
}

// attributeValues returns the values for a request, nil when there are
// none.
func (p *exprParams) attributeValues() map[string]types.AttributeValue {
	if len(p.values) == 0 {
		return nil
	}
	return maps.Clone(p.values)
}
