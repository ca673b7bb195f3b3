package engine

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"crypto/rand"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/ddbkit/ddb/engine/internal/s3dir"
	"github.com/ddbkit/ddb/internal/itemio"
)

// An export's objects, as DynamoDB writes them to S3 (the Developer
// Guide's "DynamoDB table export output format"), under the key prefix
// [S3Prefix/]AWSDynamoDB/EXPORT_ID/:
//
//	_started                    empty, written first
//	data/NAME.json.gz           the items, gzip, one JSON object a line:
//	                            {"Item":{...}} (full export) or
//	                            {"Metadata":{...},"Keys":{...},"NewImage":{...},"OldImage":{...}}
//	                            (incremental export)
//	manifest-files.json         one line per data file: itemCount, md5Checksum
//	                            (base64 MD5 of the file), etag (the multipart
//	                            ETag S3 gives it) and dataFileS3Key
//	manifest-files.checksum     the hex MD5 of manifest-files.json
//	manifest-summary.json       the export's summary
//	manifest-summary.checksum   the hex MD5 of manifest-summary.json

// Bounds of one data file of an export.
const (
	exportFileItems = 100_000
	exportFileBytes = 64 << 20 // before compression
)

// Versions of the summary manifest's format, as DynamoDB writes them.
const (
	fullExportVersion        = "2020-06-30"
	incrementalExportVersion = "2023-08-01"
)

// exportTimeLayout is how manifests write times.
const exportTimeLayout = "2006-01-02T15:04:05.000Z"

// manifestFile is one line of manifest-files.json, its members in
// DynamoDB's order.
type manifestFile struct {
	ItemCount     int64  `json:"itemCount"`
	MD5Checksum   string `json:"md5Checksum"`
	ETag          string `json:"etag"`
	DataFileS3Key string `json:"dataFileS3Key"`
}

// manifestSummary is manifest-summary.json, its members in DynamoDB's
// order; the last four are an incremental export's.
type manifestSummary struct {
	Version            string  `json:"version"`
	ExportArn          string  `json:"exportArn"`
	StartTime          string  `json:"startTime"`
	EndTime            string  `json:"endTime"`
	TableArn           string  `json:"tableArn"`
	TableID            string  `json:"tableId"`
	ExportTime         string  `json:"exportTime,omitempty"`
	ExportFromTime     string  `json:"exportFromTime,omitempty"`
	ExportToTime       string  `json:"exportToTime,omitempty"`
	S3Bucket           string  `json:"s3Bucket"`
	S3Prefix           *string `json:"s3Prefix"`
	S3SseAlgorithm     string  `json:"s3SseAlgorithm"`
	S3SseKmsKeyID      *string `json:"s3SseKmsKeyId"`
	ManifestFilesS3Key string  `json:"manifestFilesS3Key"`
	BilledSizeBytes    int64   `json:"billedSizeBytes"`
	ItemCount          int64   `json:"itemCount"`
	OutputFormat       string  `json:"outputFormat"`
	OutputView         string  `json:"outputView,omitempty"`
	ExportType         string  `json:"exportType,omitempty"`
}

// exportKeyPrefix returns the key prefix of an export's objects: the
// request's S3Prefix (without a trailing slash) and AWSDynamoDB/ID.
func exportKeyPrefix(prefix *string, id string) string {
	p := strings.TrimSuffix(deref(prefix), "/")
	if p != "" {
		p += "/"
	}
	return p + "AWSDynamoDB/" + id
}

// exportWriter writes the objects of one export.
type exportWriter struct {
	root   s3dir.Root
	bucket string
	base   string // the key prefix of the export's objects

	files      []manifestFile
	items      int64
	billed     int64
	buf        bytes.Buffer
	gz         *gzip.Writer
	line       []byte
	fileItems  int64
	fileBytes  int64
	fileOpened bool
}

// start writes the _started object, which shows that the bucket takes
// writes.
func (w *exportWriter) start() error {
	return w.root.Put(w.bucket, w.base+"/_started", nil)
}

// item writes one full export line for item.
func (w *exportWriter) item(item map[string]types.AttributeValue, size int) error {
	line, err := itemio.AppendDynamoJSON(append(w.line[:0], `{"Item":`...), item)
	if err != nil {
		return err
	}
	return w.write(append(line, "}\n"...), size)
}

// change writes one incremental export line: the item's key, its images
// at the end and at the start of the export period (nil: absent) and the
// time of its last change.
func (w *exportWriter) change(keys, newImage, oldImage map[string]types.AttributeValue, written time.Time, size int) error {
	line := append(w.line[:0], `{"Metadata":{"WriteTimestampMicros":{"N":"`...)
	line = append(strconv.AppendInt(line, written.UnixMicro(), 10), `"}},"Keys":`...)
	line, err := itemio.AppendDynamoJSON(line, keys)
	for _, image := range []struct {
		name string
		item map[string]types.AttributeValue
	}{{`,"NewImage":`, newImage}, {`,"OldImage":`, oldImage}} {
		if err == nil && image.item != nil {
			line, err = itemio.AppendDynamoJSON(append(line, image.name...), image.item)
		}
	}
	if err != nil {
		return err
	}
	return w.write(append(line, "}\n"...), size)
}

// write adds a line to the current data file, starting one if needed and
// finishing it when full.
func (w *exportWriter) write(line []byte, size int) error {
	w.line = line
	if !w.fileOpened {
		w.open()
	}
	if _, err := w.gz.Write(line); err != nil {
		return err
	}
	w.items++
	w.billed += int64(size)
	w.fileItems++
	w.fileBytes += int64(len(line))
	if w.fileItems >= exportFileItems || w.fileBytes >= exportFileBytes {
		return w.flush()
	}
	return nil
}

// open starts a data file.
func (w *exportWriter) open() {
	w.buf.Reset()
	if w.gz == nil {
		w.gz = gzip.NewWriter(&w.buf)
	} else {
		w.gz.Reset(&w.buf)
	}
	w.fileOpened, w.fileItems, w.fileBytes = true, 0, 0
}

// flush writes the current data file, or an empty one if the export has
// none yet (an export has at least one data file).
func (w *exportWriter) flush() error {
	if !w.fileOpened {
		if len(w.files) > 0 {
			return nil
		}
		w.open()
	}
	if err := w.gz.Close(); err != nil {
		return err
	}
	data := w.buf.Bytes()
	key := w.base + "/data/" + dataFileName() + ".json.gz"
	if err := w.root.Put(w.bucket, key, data); err != nil {
		return err
	}
	sum := md5.Sum(data)
	// S3 gives an object uploaded in one part of a multipart upload the
	// ETag md5(md5(data)) followed by "-1".
	etag := md5.Sum(sum[:])
	w.files = append(w.files, manifestFile{
		ItemCount:     w.fileItems,
		MD5Checksum:   base64.StdEncoding.EncodeToString(sum[:]),
		ETag:          hex.EncodeToString(etag[:]) + "-1",
		DataFileS3Key: key,
	})
	w.fileOpened = false
	return nil
}

// dataFileName returns a fresh random name for a data file: 26 lowercase
// base32 characters, as DynamoDB names them.
func dataFileName() string {
	var b [16]byte
	rand.Read(b[:])
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// finish writes the last data file and the manifests, completing summary
// (its version, times, counts and keys filled in here), and returns the
// key of manifest-summary.json.
func (w *exportWriter) finish(summary *manifestSummary) (string, error) {
	if err := w.flush(); err != nil {
		return "", err
	}
	var files []byte
	for _, f := range w.files {
		b, err := json.Marshal(f)
		if err != nil {
			return "", err
		}
		files = append(append(files, b...), '\n')
	}
	summary.ManifestFilesS3Key = w.base + "/manifest-files.json"
	summary.ItemCount, summary.BilledSizeBytes = w.items, w.billed
	sum, err := json.Marshal(summary)
	if err != nil {
		return "", err
	}
	for _, o := range []struct {
		name string
		data []byte
	}{{"manifest-files.json", files}, {"manifest-summary.json", sum}} {
		if err := w.root.Put(w.bucket, w.base+"/"+o.name, o.data); err != nil {
			return "", err
		}
		check := md5.Sum(o.data)
		name := strings.TrimSuffix(o.name, ".json") + ".checksum"
		if err := w.root.Put(w.bucket, w.base+"/"+name, []byte(hex.EncodeToString(check[:]))); err != nil {
			return "", err
		}
	}
	return w.base + "/manifest-summary.json", nil
}
